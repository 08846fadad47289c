import type { components } from '../../api/generated/dc-schema.js';
import { isoDate } from '../../util/date.js';
import type { RepoLocator } from '../types.js';

/** DC schema types as bb reads them (the spec types `links` as an empty object: DC sends `{self:[{href}], clone:[{href,name}]}`). */
type S = components['schemas'];
export type DcLinks = { self?: Array<{ href?: string }>; clone?: Array<{ href?: string; name?: string }> };
export type DcRepository = Omit<S['RestRepository'], 'links'> & { links?: DcLinks };
export type DcProject = Omit<S['RestProject'], 'links'> & { links?: DcLinks };
export type DcUser = Omit<S['RestApplicationUser'], 'links'> & { links?: DcLinks };
export type DcBranch = S['RestBranch'];
export type DcTag = S['RestTag'];
export type DcCommit = S['RestCommit'];
export type DcBuildStatus = S['RestBuildStatus'] & { dateAdded?: number };
export type DcAccessToken = S['RestAccessToken'] & {
  permissions?: string[];
  expiryDate?: string | number;
  lastAuthenticated?: string | number;
  user?: DcUser;
  token?: string;
};
export type DcCondition = Omit<S['RestPullRequestCondition'], 'reviewers'> & {
  reviewers?: DcUser[];
  sourceRefMatcher?: S['RestRefMatcher'];
  targetRefMatcher?: S['RestRefMatcher'];
};

/** DC path parameters of a repository: project keys are upper case (personal projects `~user` as they are). */
export function repoParams(ref: RepoLocator): { projectKey: string; repositorySlug: string } {
  return { projectKey: projectKey(ref.workspace), repositorySlug: ref.repo };
}

export function projectKey(key: string): string {
  return key.startsWith('~') ? key : key.toUpperCase();
}

/** DC times are epoch milliseconds (numbers) or ISO strings: ISO either way (src/util/date.ts, the one date helper). */
export const iso = isoDate;

export function selfHref(links: DcLinks | undefined): string | null {
  return links?.self?.[0]?.href ?? null;
}
