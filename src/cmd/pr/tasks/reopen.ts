import { taskStateCommand } from './set-state.js';

export default taskStateCommand({
  verb: 'reopen',
  state: 'OPEN',
  summary: 'Reopen a resolved task on a pull request',
  description: 'Marks a resolved task open again.',
  done: 'Reopened',
});
