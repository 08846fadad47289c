import { refListCommand } from '../branch/shared.js';

export default refListCommand('tag');
