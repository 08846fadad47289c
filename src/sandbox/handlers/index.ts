import { handlers as branchRestrictions } from './branch-restrictions.js';
import { handlers as branchingModel } from './branching-model.js';
import { handlers as commitComments } from './commit-comments.js';
import { handlers as commits } from './commits.js';
import { handlers as downloads } from './downloads.js';
import { handlers as insights } from './insights.js';
import { handlers as issues } from './issues.js';
import { handlers as keys } from './keys.js';
import { handlers as pipelineConfig } from './pipeline-config.js';
import { handlers as permissions } from './permissions.js';
import { handlers as pipelineSsh } from './pipeline-ssh.js';
import { handlers as pipelines } from './pipelines.js';
import { handlers as pullrequests } from './pullrequests.js';
import { handlers as refs } from './refs.js';
import { handlers as repositories } from './repositories.js';
import { handlers as runners } from './runners.js';
import { handlers as search } from './search.js';
import { handlers as snippets } from './snippets.js';
import { handlers as src } from './src.js';
import type { HandlerMap } from './types.js';
import { handlers as variables } from './variables.js';
import { handlers as webhooks } from './webhooks.js';
import { handlers as workspaces } from './workspaces.js';

/** Every handler, keyed by operation. Add your area's map here (one import, one spread). */
export const HANDLERS: HandlerMap = {
  ...workspaces,
  ...repositories,
  ...refs,
  ...commits,
  ...pullrequests,
  ...pipelines,
  ...pipelineConfig,
  ...runners,
  ...pipelineSsh,
  ...variables,
  ...issues,
  ...snippets,
  ...webhooks,
  ...keys,
  ...downloads,
  ...src,
  ...branchRestrictions,
  ...branchingModel,
  ...insights,
  ...commitComments,
  ...permissions,
  ...search,
};
