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
// branch protections (issue 21)
import branchProtectionCreate from './branch/protection/create.js';
import branchProtectionDelete from './branch/protection/delete.js';
import branchProtectionEdit from './branch/protection/edit.js';
import branchProtectionList from './branch/protection/list.js';
import branchProtectionView from './branch/protection/view.js';
import projectBranchingModelEdit from './project/branching-model/edit.js';
import projectBranchingModelView from './project/branching-model/view.js';
import repoBranchingModelEdit from './repo/branching-model/edit.js';
import repoBranchingModelView from './repo/branching-model/view.js';
import commitList from './commit/list.js';
import commitView from './commit/view.js';
import commitApprove from './commit/approve.js';
import commitComment from './commit/comment.js';
import commitCommentsDelete from './commit/comments/delete.js';
import commitCommentsEdit from './commit/comments/edit.js';
import commitCommentsList from './commit/comments/list.js';
import commitUnapprove from './commit/unapprove.js';
import commitReportAnnotationsAdd from './commit/report/annotations-add.js';
import commitReportAnnotationsDelete from './commit/report/annotations-delete.js';
import commitReportAnnotationsList from './commit/report/annotations-list.js';
import commitReportCreate from './commit/report/create.js';
import commitReportDelete from './commit/report/delete.js';
import commitReportList from './commit/report/list.js';
import commitReportView from './commit/report/view.js';
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
import prTasksCreate from './pr/tasks/create.js';
import prCommits from './pr/commits.js';
import prMergeBase from './pr/merge-base.js';
import prConflicts from './pr/conflicts.js';
import prPatch from './pr/patch.js';
import prTasksDelete from './pr/tasks/delete.js';
import prTasksEdit from './pr/tasks/edit.js';
import prTasksList from './pr/tasks/list.js';
import prTasksReopen from './pr/tasks/reopen.js';
import prTasksResolve from './pr/tasks/resolve.js';
import prCreate from './pr/create.js';
import prDecline from './pr/decline.js';
import prDiff from './pr/diff.js';
import prEdit from './pr/edit.js';
import prList from './pr/list.js';
import prMerge from './pr/merge.js';
import prReady from './pr/ready.js';
import prRequestChanges from './pr/request-changes.js';
import prReview from './pr/review.js';
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
import projectDelete from './project/delete.js';
import projectEdit from './project/edit.js';
import projectPermissionsGrant from './project/permissions/grant.js';
import projectPermissionsList from './project/permissions/list.js';
import projectPermissionsRevoke from './project/permissions/revoke.js';
import repoPermissionsEffective from './repo/permissions/effective.js';
import repoPermissionsGrant from './repo/permissions/grant.js';
import repoPermissionsList from './repo/permissions/list.js';
import repoPermissionsRevoke from './repo/permissions/revoke.js';
import workspacePermissionsList from './workspace/permissions/list.js';
import workspacePermissionsRepos from './workspace/permissions/repos.js';
import repoForks from './repo/forks.js';
import repoWatchers from './repo/watchers.js';
import repoSettingsEdit from './repo/settings/edit.js';
import repoSettingsView from './repo/settings/view.js';
import projectDefaultReviewersAdd from './project/default-reviewers/add.js';
import projectDefaultReviewersList from './project/default-reviewers/list.js';
import projectDefaultReviewersRemove from './project/default-reviewers/remove.js';
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
// issue 21: Pipelines administration
import environmentCreate from './environment/create.js';
import projectDeployKeyAdd from './project/deploy-key/add.js';
import projectDeployKeyDelete from './project/deploy-key/delete.js';
import projectDeployKeyList from './project/deploy-key/list.js';
import pipelineSshHostsAdd from './pipeline/ssh/hosts-add.js';
import pipelineSshHostsDelete from './pipeline/ssh/hosts-delete.js';
import pipelineSshHostsEdit from './pipeline/ssh/hosts-edit.js';
import pipelineSshHostsList from './pipeline/ssh/hosts-list.js';
import pipelineSshHostsView from './pipeline/ssh/hosts-view.js';
import pipelineSshKeyDelete from './pipeline/ssh/key-delete.js';
import pipelineSshKeySet from './pipeline/ssh/key-set.js';
import pipelineSshKeyView from './pipeline/ssh/key-view.js';
import runnerCreate from './runner/create.js';
import runnerDelete from './runner/delete.js';
import runnerEdit from './runner/edit.js';
import runnerList from './runner/list.js';
import runnerView from './runner/view.js';
import environmentDelete from './environment/delete.js';
import environmentEdit from './environment/edit.js';
import pipelineCacheClear from './pipeline/cache/clear.js';
import pipelineCacheDelete from './pipeline/cache/delete.js';
import pipelineCacheList from './pipeline/cache/list.js';
import pipelineConfigBuildNumber from './pipeline/config/build-number.js';
import pipelineConfigDisable from './pipeline/config/disable.js';
import pipelineConfigEnable from './pipeline/config/enable.js';
import pipelineConfigView from './pipeline/config/view.js';
import pipelineScheduleCreate from './pipeline/schedule/create.js';
import pipelineScheduleDelete from './pipeline/schedule/delete.js';
import pipelineScheduleList from './pipeline/schedule/list.js';
import pipelineSchedulePause from './pipeline/schedule/pause.js';
import pipelineScheduleResume from './pipeline/schedule/resume.js';
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
import webhookView from './webhook/view.js';
import pipelineOidc from './pipeline/oidc.js';
import pipelineTestReports from './pipeline/test-reports.js';
import workspaceMembers from './workspace/members.js';
// files (#20 item 4)
import fileCommit from './file/commit.js';
import fileHistory from './file/history.js';
import fileList from './file/list.js';
import fileView from './file/view.js';
// bb mcp (#19)
import mcp from './mcp/mcp.js';

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
  commitComment,
  commitCommentsList,
  commitCommentsEdit,
  commitCommentsDelete,
  commitApprove,
  commitUnapprove,
  commitReportList,
  commitReportView,
  commitReportCreate,
  commitReportDelete,
  commitReportAnnotationsList,
  commitReportAnnotationsAdd,
  commitReportAnnotationsDelete,
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
  prCommits,
  prPatch,
  prMergeBase,
  prConflicts,
  prTasksList,
  prTasksCreate,
  prTasksEdit,
  prTasksResolve,
  prTasksReopen,
  prTasksDelete,
  prCreate,
  prDecline,
  prDiff,
  prEdit,
  prList,
  prMerge,
  prReady,
  prRequestChanges,
  prReview,
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
  pipelineScheduleList,
  pipelineScheduleCreate,
  pipelineSchedulePause,
  pipelineScheduleResume,
  pipelineScheduleDelete,
  pipelineCacheList,
  pipelineCacheDelete,
  pipelineCacheClear,
  pipelineConfigView,
  pipelineConfigEnable,
  pipelineConfigDisable,
  pipelineConfigBuildNumber,
  environmentCreate,
  environmentEdit,
  environmentDelete,
  projectDeployKeyList,
  projectDeployKeyAdd,
  projectDeployKeyDelete,
  runnerList,
  runnerView,
  runnerCreate,
  runnerEdit,
  runnerDelete,
  pipelineSshKeyView,
  pipelineSshKeySet,
  pipelineSshKeyDelete,
  pipelineSshHostsList,
  pipelineSshHostsView,
  pipelineSshHostsAdd,
  pipelineSshHostsEdit,
  pipelineSshHostsDelete,
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
  webhookView,
  pipelineOidc,
  pipelineTestReports,
  workspaceMembers,
  // branch protections (issue 21)
  branchProtectionList,
  branchProtectionView,
  branchProtectionCreate,
  branchProtectionEdit,
  branchProtectionDelete,
  repoBranchingModelView,
  repoBranchingModelEdit,
  projectBranchingModelView,
  projectBranchingModelEdit,
  fileView,
  fileList,
  fileHistory,
  fileCommit,
  mcp,
  // projects and permissions (issue 21)
  projectEdit,
  projectDelete,
  repoPermissionsList,
  repoPermissionsGrant,
  repoPermissionsRevoke,
  repoPermissionsEffective,
  projectPermissionsList,
  projectPermissionsGrant,
  projectPermissionsRevoke,
  workspacePermissionsList,
  workspacePermissionsRepos,
  // repository watchers, forks and settings; project default reviewers (issue 21, item 5)
  repoWatchers,
  repoForks,
  repoSettingsView,
  repoSettingsEdit,
  projectDefaultReviewersList,
  projectDefaultReviewersAdd,
  projectDefaultReviewersRemove,
  // `bb scopes` is both a command and a group: its subcommands must come before it (cli.ts)
  scopesExplain,
  scopesProfile,
  scopesRecord,
  scopes,
];
