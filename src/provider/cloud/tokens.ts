import type { TokenMethods } from '../types.js';
import { notOnCloud } from './repositories.js';

const HINT =
  'Bitbucket Cloud access tokens are created in the web UI: Repository, Project or Workspace settings → Access tokens (and API tokens in your Atlassian account settings); then `bb auth login --with-token`';

export function tokenMethods(): TokenMethods {
  const refuse = async (): Promise<never> => {
    throw notOnCloud('managing access tokens', HINT);
  };
  return { listAccessTokens: refuse, createAccessToken: refuse, revokeAccessToken: refuse };
}
