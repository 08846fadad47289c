import type { FlagDef } from '../../../core/command.js';

export const DR_WORKSPACE_FLAG: FlagDef = { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' };

/** What the help says about Data Center (the provider refuses with NOT_ON_DC and this hint). */
export const DR_DC_HINT =
  "Bitbucket Cloud only: Data Center's project default reviewers are reviewer conditions, set on the project's settings page (bb repo default-reviewers manages a repository's).";
