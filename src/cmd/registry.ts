/**
 * Every command bb has. The CLI, help, docs/commands.md, completion and `bb scopes` are built from
 * this list. To add a command: write src/cmd/<group>/<verb>.ts with `defineCommand`, import it here.
 */
import type { CommandDef } from './define.js';

import aliasDelete from './alias/delete.js';
import aliasList from './alias/list.js';
import aliasSet from './alias/set.js';
import api from './api/api.js';
import authGitCredential from './auth/git-credential.js';
import authLogin from './auth/login.js';
import authLogout from './auth/logout.js';
import authSetupGit from './auth/setup-git.js';
import authRefresh from './auth/refresh.js';
import authStatus from './auth/status.js';
import authSwitch from './auth/switch.js';
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
import prComment from './pr/comment.js';
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
import helpFormatting from './help/formatting.js';
import projectCreate from './project/create.js';
import projectList from './project/list.js';
import projectView from './project/view.js';
import repoClone from './repo/clone.js';
import repoCreate from './repo/create.js';
import repoDefaultReviewersAdd from './repo/default-reviewers/add.js';
import repoDefaultReviewersList from './repo/default-reviewers/list.js';
import repoDefaultReviewersRemove from './repo/default-reviewers/remove.js';
import repoDelete from './repo/delete.js';
import repoEdit from './repo/edit.js';
import repoFork from './repo/fork.js';
import repoList from './repo/list.js';
import repoRename from './repo/rename.js';
import repoSetDefault from './repo/set-default.js';
import repoView from './repo/view.js';
import sandbox from './sandbox/sandbox.js';
import scopes from './scopes/scopes.js';
import scopesExplain from './scopes/explain.js';
import scopesProfile from './scopes/profile.js';
import scopesRecord from './scopes/record.js';
import workspaceList from './workspace/list.js';
import workspaceView from './workspace/view.js';

// pipelines, issues, snippets, webhooks, keys, variables, deployments, downloads, browse
import browse from './browse/browse.js';
import deployKeyAdd from './deploy-key/add.js';
import deployKeyDelete from './deploy-key/delete.js';
import deployKeyList from './deploy-key/list.js';
import deploymentList from './deployment/list.js';
import downloadDelete from './download/delete.js';
import downloadList from './download/list.js';
import downloadUpload from './download/upload.js';
import environmentList from './environment/list.js';
import gpgKeyAdd from './gpg-key/add.js';
import gpgKeyDelete from './gpg-key/delete.js';
import gpgKeyList from './gpg-key/list.js';
import issueClose from './issue/close.js';
import issueComment from './issue/comment.js';
import issueCreate from './issue/create.js';
import issueEdit from './issue/edit.js';
import issueList from './issue/list.js';
import issueReopen from './issue/reopen.js';
import issueView from './issue/view.js';
import pipelineList from './pipeline/list.js';
import pipelineLogs from './pipeline/logs.js';
import pipelineRun from './pipeline/run.js';
import pipelineStop from './pipeline/stop.js';
import pipelineView from './pipeline/view.js';
import pipelineWatch from './pipeline/watch.js';
import snippetCreate from './snippet/create.js';
import snippetDelete from './snippet/delete.js';
import snippetEdit from './snippet/edit.js';
import snippetList from './snippet/list.js';
import snippetView from './snippet/view.js';
import snippetCommentsAdd from './snippet/comments/add.js';
import snippetCommentsDelete from './snippet/comments/delete.js';
import snippetCommentsEdit from './snippet/comments/edit.js';
import snippetCommentsList from './snippet/comments/list.js';
import snippetHistory from './snippet/history.js';
import snippetUnwatch from './snippet/unwatch.js';
import snippetWatch from './snippet/watch.js';
import snippetWatching from './snippet/watching.js';
import tagView from './tag/view.js';
import sshKeyAdd from './ssh-key/add.js';
import sshKeyDelete from './ssh-key/delete.js';
import tokenCreate from './token/create.js';
import tokenList from './token/list.js';
import tokenRevoke from './token/revoke.js';
import sshKeyList from './ssh-key/list.js';
import variableDelete from './variable/delete.js';
import variableList from './variable/list.js';
import variableSet from './variable/set.js';
import webhookCreate from './webhook/create.js';
import webhookDelete from './webhook/delete.js';
import webhookList from './webhook/list.js';
import workspaceMembers from './workspace/members.js';

export const COMMANDS: readonly CommandDef[] = [
  aliasSet,
  aliasList,
  aliasDelete,
  api,
  authGitCredential,
  authLogin,
  authLogout,
  authSetupGit,
  authRefresh,
  authStatus,
  authSwitch,
  authToken,
  completion,
  configGet,
  configList,
  configSet,
  configUnset,
  helpEnvironment,
  helpExitCodes,
  helpFormatting,
  projectCreate,
  projectList,
  projectView,
  repoClone,
  repoCreate,
  repoDefaultReviewersAdd,
  repoDefaultReviewersList,
  repoDefaultReviewersRemove,
  repoDelete,
  repoEdit,
  repoFork,
  repoList,
  repoRename,
  repoSetDefault,
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
  prComment,
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
  browse,
  deployKeyAdd,
  deployKeyDelete,
  deployKeyList,
  deploymentList,
  downloadDelete,
  downloadList,
  downloadUpload,
  environmentList,
  gpgKeyAdd,
  gpgKeyDelete,
  gpgKeyList,
  issueClose,
  issueComment,
  issueCreate,
  issueEdit,
  issueList,
  issueReopen,
  issueView,
  pipelineList,
  pipelineLogs,
  pipelineRun,
  pipelineStop,
  pipelineView,
  pipelineWatch,
  snippetCreate,
  snippetDelete,
  snippetEdit,
  snippetList,
  snippetView,
  snippetCommentsAdd,
  snippetCommentsDelete,
  snippetCommentsEdit,
  snippetCommentsList,
  snippetHistory,
  snippetUnwatch,
  snippetWatch,
  snippetWatching,
  tagView,
  sshKeyAdd,
  sshKeyDelete,
  tokenList,
  tokenCreate,
  tokenRevoke,
  sshKeyList,
  variableDelete,
  variableList,
  variableSet,
  webhookCreate,
  webhookDelete,
  webhookList,
  workspaceMembers,
  // `bb scopes` is both a command and a group: its subcommands must come before it (cli.ts)
  scopesExplain,
  scopesProfile,
  scopesRecord,
  scopes,
];
