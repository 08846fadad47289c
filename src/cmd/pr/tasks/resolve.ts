import { taskStateCommand } from './set-state.js';

export default taskStateCommand({
  verb: 'resolve',
  state: 'RESOLVED',
  summary: 'Resolve a task on a pull request',
  description: 'Marks the task done (RESOLVED).',
  done: 'Resolved',
});
