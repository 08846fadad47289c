import { refListCommand } from './shared.js';

export default refListCommand('branch');
