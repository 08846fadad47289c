import { refListCommand } from '../branch/ref-list.js';

export default refListCommand('tag');
