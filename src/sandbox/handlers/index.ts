import { handlers as commits } from './commits.js';
import { handlers as pullrequests } from './pullrequests.js';
import { handlers as refs } from './refs.js';
import { handlers as repositories } from './repositories.js';
import type { HandlerMap } from './types.js';
import { handlers as workspaces } from './workspaces.js';

/** Every handler, keyed by operation. Add your area's map here (one import, one spread). */
export const HANDLERS: HandlerMap = {
  ...workspaces,
  ...repositories,
  ...refs,
  ...commits,
  ...pullrequests,
};
