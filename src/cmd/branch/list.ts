import { refListCommand } from './ref-list.js';

export default refListCommand('branch');
