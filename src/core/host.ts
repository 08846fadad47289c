/**
 * The host a command talks to and how a repository is named on it: the vocabulary every layer shares (the resolver
 * picks them, the context carries them, the provider speaks to them). Types only.
 */

/** Which Bitbucket a host is: Cloud (api.bitbucket.org) or a Data Center instance. */
export type HostKind = 'cloud' | 'dc';

/** The host a command talks to (ctx.host()). */
export interface HostInfo {
  kind: HostKind;
  /** Key in hosts.json: `api.bitbucket.org`, `bitbucket.example.com`, `127.0.0.1:7990`. */
  key: string;
  /** Cloud: the API base (`https://api.bitbucket.org/2.0`); DC: the instance's base URL (`https://host[/context]`). */
  baseUrl: string;
}

/** A repository as commands name it: Cloud `WORKSPACE/REPO`, DC `PROJECT/REPO` (project key, repository slug). */
export interface RepoLocator {
  workspace: string;
  repo: string;
}
