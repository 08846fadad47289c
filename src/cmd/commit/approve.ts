import { commitApprovalCommand } from './approval.js';

export default commitApprovalCommand({
  approve: true,
  summary: 'Approve a commit',
  description: 'Approves a commit as you (Bitbucket Cloud). Data Center has no commit approval: approve the pull request instead.',
  done: 'Approved',
});
