import { commitApprovalCommand } from './approval.js';

export default commitApprovalCommand({
  approve: false,
  summary: 'Withdraw your approval of a commit',
  description: 'Removes your approval of a commit (Bitbucket Cloud). Data Center has no commit approval.',
  done: 'Withdrew your approval of',
});
