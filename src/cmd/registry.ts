/**
 * Every command bb has. The CLI, help, docs/commands.md, completion and `bb scopes` are built from
 * this list. To add a command: write src/cmd/<group>/<verb>.ts with `defineCommand`, import it here.
 */
import type { CommandDef } from './define.js';

import api from './api/api.js';
import authGitCredential from './auth/git-credential.js';
import authLogin from './auth/login.js';
import authLogout from './auth/logout.js';
import authSetupGit from './auth/setup-git.js';
import authStatus from './auth/status.js';
import authToken from './auth/token.js';
import completion from './completion/completion.js';
import configGet from './config/get.js';
import configList from './config/list.js';
import configSet from './config/set.js';
import configUnset from './config/unset.js';
import helpEnvironment from './help/environment.js';
// pull requests, commits, build statuses, branches, tags
import branchCreate from './branch/create.js';
import branchDelete from './branch/delete.js';
import branchList from './branch/list.js';
import commitList from './commit/list.js';
import commitView from './commit/view.js';
import prActivity from './pr/activity.js';
import prApprove from './pr/approve.js';
import prChecks from './pr/checks.js';
import prCheckout from './pr/checkout.js';
import prCommentsAdd from './pr/comments/add.js';
import prCommentsDelete from './pr/comments/delete.js';
import prCommentsEdit from './pr/comments/edit.js';
import prCommentsList from './pr/comments/list.js';
import prCommentsReply from './pr/comments/reply.js';
import prCommentsResolve from './pr/comments/resolve.js';
import prCommentsUnresolve from './pr/comments/unresolve.js';
import prCreate from './pr/create.js';
import prDecline from './pr/decline.js';
import prDiff from './pr/diff.js';
import prEdit from './pr/edit.js';
import prList from './pr/list.js';
import prMerge from './pr/merge.js';
import prReady from './pr/ready.js';
import prRequestChanges from './pr/request-changes.js';
import prReviewersAdd from './pr/reviewers/add.js';
import prReviewersList from './pr/reviewers/list.js';
import prReviewersRemove from './pr/reviewers/remove.js';
import prStatus from './pr/status.js';
import prUnapprove from './pr/unapprove.js';
import prView from './pr/view.js';
import statusList from './status/list.js';
import statusSet from './status/set.js';
import tagCreate from './tag/create.js';
import tagDelete from './tag/delete.js';
import tagList from './tag/list.js';
import helpExitCodes from './help/exit-codes.js';
import projectCreate from './project/create.js';
import projectList from './project/list.js';
import projectView from './project/view.js';
import repoClone from './repo/clone.js';
import repoCreate from './repo/create.js';
import repoDefaultReviewersAdd from './repo/default-reviewers/add.js';
import repoDefaultReviewersList from './repo/default-reviewers/list.js';
import repoDefaultReviewersRemove from './repo/default-reviewers/remove.js';
import repoDelete from './repo/delete.js';
import repoList from './repo/list.js';
import repoView from './repo/view.js';
import sandbox from './sandbox/sandbox.js';
import scopes from './scopes/scopes.js';
import scopesExplain from './scopes/explain.js';
import scopesProfile from './scopes/profile.js';
import scopesRecord from './scopes/record.js';
import workspaceList from './workspace/list.js';
import workspaceView from './workspace/view.js';

export const COMMANDS: readonly CommandDef[] = [
  api,
  authGitCredential,
  authLogin,
  authLogout,
  authSetupGit,
  authStatus,
  authToken,
  completion,
  configGet,
  configList,
  configSet,
  configUnset,
  helpEnvironment,
  helpExitCodes,
  projectCreate,
  projectList,
  projectView,
  repoClone,
  repoCreate,
  repoDefaultReviewersAdd,
  repoDefaultReviewersList,
  repoDefaultReviewersRemove,
  repoDelete,
  repoList,
  repoView,
  sandbox,
  workspaceList,
  workspaceView,
  branchCreate,
  branchDelete,
  branchList,
  commitList,
  commitView,
  prActivity,
  prApprove,
  prChecks,
  prCheckout,
  prCommentsAdd,
  prCommentsDelete,
  prCommentsEdit,
  prCommentsList,
  prCommentsReply,
  prCommentsResolve,
  prCommentsUnresolve,
  prCreate,
  prDecline,
  prDiff,
  prEdit,
  prList,
  prMerge,
  prReady,
  prRequestChanges,
  prReviewersAdd,
  prReviewersList,
  prReviewersRemove,
  prStatus,
  prUnapprove,
  prView,
  statusList,
  statusSet,
  tagCreate,
  tagDelete,
  tagList,
  // `bb scopes` is both a command and a group: its subcommands must come before it (cli.ts)
  scopesExplain,
  scopesProfile,
  scopesRecord,
  scopes,
];
