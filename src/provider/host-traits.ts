import type { Credential, CredentialKind } from '../core/credentials.js';
import type { Context } from '../context/context.js';
import type { HostInfo, HostKind, RepoLocator } from './types.js';

/**
 * What differs between a Bitbucket Cloud host and a Data Center instance outside the API calls themselves (those are
 * the Provider's): how a host is named, how its logins are checked and described, where its web pages are, what git is
 * set up for. Decided once, by the host's kind: cloud/host.ts and dc/host.ts implement it, and commands ask
 * `hostTraits(host)` (src/provider/index.ts) and never test the kind.
 */
export interface HostTraits {
  readonly kind: HostKind;
  /** The host as `bb auth status` names it: `api.bitbucket.org`, `bitbucket.example.com (Bitbucket Data Center)`. */
  title(key: string): string;
  /** A stored token's kind, said to a person (`bb auth status`). */
  describeToken(kind: CredentialKind, oauth: boolean): string;
  /** `bb auth status` lines on what a working token may do: its scopes (Cloud, when reported), or why that is unknown. */
  permissionLines(scopes: readonly string[] | undefined, allows: readonly string[] | undefined): string[];
  /**
   * Who `credential` acts for on `host` (Cloud: GET /user, always against the Cloud API; Data Center: the user lookup
   * of `bb auth login --hostname`). AUTH_VERIFY_FAILED when the host refuses it; undefined when it works but names
   * no user (a Data Center token whose answers carry no user name).
   */
  verifyLogin(ctx: Context, host: HostInfo, credential: Credential): Promise<VerifiedLogin | undefined>;
  /**
   * The scopes `credential` holds on `host`, where the host says (`bb mcp` lists only the tools they cover); undefined
   * where it does not, without asking when it never says (an API token on Cloud, any Data Center token).
   */
  grantedScopes(ctx: Context, host: HostInfo, credential: Credential): Promise<string[] | undefined>;
  /** `bb auth status`: verifyLogin's answer, or what failed (and the scopes a Cloud refusal lists). */
  checkLogin(ctx: Context, host: HostInfo, credential: Credential): Promise<LoginCheck>;
  /** The origin of the host's web pages, and every origin a browser may be sent to for it. */
  webOrigins(host: HostInfo): { origin: string; allowed: string[] };
  /** A page of a repository on this host, built without a request (NOT_ON_DC when Data Center has no such page). */
  repoPage(ctx: Pick<Context, 'apiUrl'>, host: HostInfo, repo: RepoLocator, paths: PagePaths, what: string): string;
  /** The origin git asks credentials for (`bb auth setup-git`); INSECURE_URL where a credential may not travel. */
  gitOrigin(host: HostInfo): string;
  /** What `bb auth setup-git` tells about the login git will get there (none, or one git may not take). */
  gitSetupNotes(ctx: Pick<Context, 'credentialFor'>, host: HostInfo): Promise<string[]>;
}

/** The user a credential acts for, in Cloud's field names (Data Center's slug is the nickname, its id the account_id). */
export interface VerifiedLogin {
  display_name?: string;
  nickname?: string;
  uuid?: string;
  account_id?: string;
  /**
   * Scopes the credential holds, from the `X-OAuth-Scopes` response header, which Bitbucket sends for access
   * tokens and OAuth tokens (Atlassian KB "How to fetch the scope of a token via command line?"); undefined when
   * the answer does not carry it.
   */
  grantedScopes?: string[];
}

/** A stored login checked: valid with its user and scopes, or the problem (and any scopes the refusal listed). */
export interface LoginCheck {
  valid: boolean;
  user?: string;
  scopes?: string[];
  problem?: string;
}

/** Where a repository's pages are on each kind of host; `dc` absent when Data Center has no such page. */
export interface PagePaths {
  /** Below `{origin}/{workspace}/{repo}`: `/pull-requests/`, `/admin/webhooks`. */
  cloud: string;
  /** Below the repository on a Data Center instance (`/projects/KEY/repos/slug`): `/branches`. */
  dc?: string;
  /** The whole path on Data Center, when the page is not below the repository (plugin pages). */
  dcAbsolute?: (projectPath: string, slug: string) => string;
}
