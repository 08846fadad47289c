import type { components } from '../../api/generated/schema.js';
import type { Credential } from '../../auth/credentials.js';
import { credentialHostAllowed, GIT_USERNAME } from '../../git/credential.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { parseRemoteUrl, type RepoRef } from '../../git/remote.js';
import type { CommandInput } from '../define.js';

export type Repository = components['schemas']['repository'] & { slug?: string };

export const REPO_JSON_FIELDS = [
  'name',
  'full_name',
  'slug',
  'description',
  'is_private',
  'visibility',
  'language',
  'mainbranch',
  'created_on',
  'updated_on',
  'size',
  'uuid',
  'url',
  'project',
  'owner',
  'scm',
  'fork_policy',
  'has_issues',
  'has_wiki',
  'parent',
  'https_url',
  'ssh_url',
] as const;

export function visibility(repo: { is_private?: boolean }): string {
  return repo.is_private ? 'private' : 'public';
}

/** The slug of a repository: the API sends `slug`; the spec only has `full_name`. */
export function repoSlug(repo: Repository): string {
  return repo.slug ?? repo.full_name?.split('/')[1] ?? repo.name ?? '';
}

export function cloneLink(repo: Repository, protocol: 'https' | 'ssh'): string | undefined {
  const links = repo.links?.clone ?? [];
  const named = links.find((l) => l.name === protocol)?.href;
  if (named) return named;
  // Some servers name the http link `http`; fall back on the URL's own scheme.
  return links.find((l) => (protocol === 'https' ? /^https?:\/\//.test(l.href ?? '') : /^(ssh:\/\/|[^/]+@[^/]+:)/.test(l.href ?? '')))?.href;
}

export function repoJson(repo: Repository): Record<string, unknown> {
  return {
    name: repo.name,
    full_name: repo.full_name,
    slug: repoSlug(repo),
    description: repo.description ?? '',
    is_private: repo.is_private,
    visibility: visibility(repo),
    language: repo.language ?? '',
    mainbranch: repo.mainbranch?.name ?? null,
    created_on: repo.created_on,
    updated_on: repo.updated_on,
    size: repo.size,
    uuid: repo.uuid,
    url: repo.links?.html?.href,
    project: repo.project ? { key: repo.project.key, name: repo.project.name, uuid: repo.project.uuid } : null,
    owner: repo.owner
      ? {
          display_name: repo.owner.display_name,
          uuid: repo.owner.uuid,
          ...(typeof repo.owner.nickname === 'string' ? { nickname: repo.owner.nickname } : {}),
          ...(typeof repo.owner.username === 'string' ? { username: repo.owner.username } : {}),
        }
      : null,
    scm: repo.scm,
    fork_policy: repo.fork_policy,
    has_issues: repo.has_issues,
    has_wiki: repo.has_wiki,
    parent: repo.parent?.full_name ?? null,
    https_url: cloneLink(repo, 'https') ? stripUserInfo(cloneLink(repo, 'https') as string) : null,
    ssh_url: cloneLink(repo, 'ssh') ?? null,
  };
}

/**
 * The repository a command acts on: the positional `WORKSPACE/REPO` (or URL) when given, else `-R`, `BB_REPO`,
 * the git remote and Pipelines variables (ctx.repo). Both a positional and `-R` is ambiguous.
 */
export async function resolveRepoArg(ctx: Context, input: CommandInput, argName: string | null = 'repository'): Promise<RepoRef> {
  const arg = argName === null ? undefined : input.args[argName];
  const flag = input.flags.repo;
  if (typeof arg === 'string' && arg !== '' && typeof flag === 'string' && flag !== '' && arg !== flag) {
    throw new BbError('INVALID_ARGUMENT', `two repositories given: ${arg} and -R ${flag}`, { hints: ['give the repository once'] });
  }
  return typeof arg === 'string' && arg !== '' ? parseRepoOrUrl(ctx, arg) : ctx.repo(flag);
}

/**
 * `WORKSPACE/REPO`, or an scp-style clone address (`git@bitbucket.org:ws/repo.git`). URLs with a scheme were read
 * by the resolver before the command ran (src/resolve/target.ts: the argument declares `accepts: 'repo'`).
 */
export async function parseRepoOrUrl(ctx: Context, text: string): Promise<RepoRef> {
  if (/^[a-z+]+:\/\//i.test(text) || /^[^/\s]+@[^/\s]+:/.test(text)) {
    const ref = parseRemoteUrl(text, [new URL(ctx.apiUrl).host]);
    if (ref) return ref;
    throw new BbError('INVALID_REPO', `"${text}" is not a Bitbucket repository URL`, { hints: ['give WORKSPACE/REPO, for example: myteam/website'] });
  }
  return ctx.repo(text);
}

/**
 * Bitbucket makes the slug from the name: lower case, anything but letters, digits, `-`, `_` and `.`
 * becomes `-`.
 */
export function slugify(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function stripUserInfo(url: string): string {
  try {
    const u = new URL(url);
    if (!/^https?:$/.test(u.protocol)) return url;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return url;
  }
}

/**
 * The credential helper git runs for the clone. It is a constant: the username and the token are read
 * from the environment of the git process (BB_GIT_USERNAME, BB_GIT_PASSWORD) when git asks (`get`);
 * `store` and `erase` are ignored, so nothing is ever written anywhere.
 */
export const CREDENTIAL_HELPER = '!f() { test "$1" = get || exit 0; printf \'username=%s\\npassword=%s\\n\' "$BB_GIT_USERNAME" "$BB_GIT_PASSWORD"; }; f';

/**
 * Environment for a `git clone` over https that authenticates with bb's credential, without putting
 * the token in argv (visible in `ps`), in the URL (kept in .git/config as the remote) or in any file.
 *
 * git reads extra configuration from GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n (git ≥
 * 2.31), so the helper is configured through the environment of the git child only — never in
 * .git/config. Both keys are scoped to the clone URL's scheme and host (`credential.https://bitbucket.org.helper`):
 * the empty value first resets the user's own helpers for that host only (so a `store` or keychain
 * helper does not save bb's token), then CREDENTIAL_HELPER answers with the username and token, which
 * travel in BB_GIT_USERNAME / BB_GIT_PASSWORD, also only in the child's environment. Other hosts (e.g.
 * submodules elsewhere) keep the user's helpers and never see the token. Entries are appended after any
 * GIT_CONFIG_COUNT the user already has.
 */
export function gitCredentialEnv(ctx: Context, url: string, credential: Credential): Record<string, string> | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!credentialHostAllowed(ctx, u)) return undefined;
  if (/[\r\n\0]/.test(credential.token)) throw new BbError('AUTH_INPUT', 'the token contains a line break; git cannot use it');
  const scope = `${u.protocol}//${u.host}`;
  const existing = Number.parseInt(ctx.env.GIT_CONFIG_COUNT ?? '0', 10);
  const base = Number.isInteger(existing) && existing > 0 ? existing : 0;
  return {
    GIT_CONFIG_COUNT: String(base + 2),
    [`GIT_CONFIG_KEY_${base}`]: `credential.${scope}.helper`,
    [`GIT_CONFIG_VALUE_${base}`]: '',
    [`GIT_CONFIG_KEY_${base + 1}`]: `credential.${scope}.helper`,
    [`GIT_CONFIG_VALUE_${base + 1}`]: CREDENTIAL_HELPER,
    BB_GIT_USERNAME: GIT_USERNAME[credential.kind],
    BB_GIT_PASSWORD: credential.token,
  };
}

export type Account = components['schemas']['account'] & { nickname?: string; account_id?: string; username?: string };

export const ACCOUNT_JSON_FIELDS = ['display_name', 'nickname', 'uuid', 'account_id', 'type', 'url'] as const;

export function accountJson(a: Account): Record<string, unknown> {
  return {
    display_name: a.display_name,
    nickname: a.nickname ?? a.username ?? null,
    uuid: a.uuid,
    account_id: a.account_id ?? null,
    type: a.type,
    url: (a.links?.html as { href?: string } | undefined)?.href ?? null,
  };
}

/** A user as the default-reviewers endpoints take one: username, `{uuid}` or Atlassian account id. */
export function checkUser(value: unknown): string {
  const user = typeof value === 'string' ? value.trim() : '';
  if (!user || /[\s/]/.test(user)) {
    throw new BbError('INVALID_ARGUMENT', `"${String(value ?? '')}" is not a user: expected a username, {uuid} or account id`, {
      hints: ['for example: bb repo default-reviewers add ada, or {b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}'],
    });
  }
  return user;
}

/**
 * `git clone` of a provider repository (Cloud or Data Center). Cloud: gitCredentialEnv's credential helper.
 * Data Center: the token goes only to the instance's own origin — Basic logins through the same helper with the
 * username, Bearer tokens as an `http.<origin>.extraHeader` with redirects refused (git would carry the header to
 * the redirect's origin) — set in the environment of the git process only.
 */
export async function cloneProviderRepository(
  ctx: Context,
  repo: { https_url: string | null; ssh_url: string | null; full_name?: string | null; slug: string },
  directory: string | undefined,
  gitFlags: string[],
): Promise<void> {
  const protocol = (await ctx.config.get('git_protocol')) === 'ssh' ? 'ssh' : 'https';
  const link = protocol === 'https' ? repo.https_url : repo.ssh_url;
  if (!link) {
    throw new BbError('API_BAD_RESPONSE', `the API gave no ${protocol} clone URL for ${repo.full_name ?? 'the repository'}`, {
      hints: protocol === 'ssh' ? ['use https: `bb config set git_protocol https`'] : [],
    });
  }
  const host = await ctx.host();
  let env: Record<string, string> | undefined;
  if (protocol === 'https') {
    const credential = await ctx.credential();
    env = host.kind === 'dc' ? dcGitEnv(ctx, host.baseUrl, link, credential) : gitCredentialEnv(ctx, link, credential);
  }
  await ctx.git.run(['clone', ...gitFlags, '--', link, ...(directory ? [directory] : [])], { inherit: true, env });
}

/** Git's environment for a Data Center https URL (see cloneProviderRepository); undefined for another origin. */
export function dcGitEnv(ctx: Context, baseUrl: string, url: string, credential: Credential): Record<string, string> | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const base = new URL(baseUrl);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.origin !== base.origin || (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback))) return undefined;
  if (/[\r\n\0]/.test(credential.token)) throw new BbError('AUTH_INPUT', 'the token contains a line break; git cannot use it');
  const scope = `${u.protocol}//${u.host}`;
  const existing = Number.parseInt(ctx.env.GIT_CONFIG_COUNT ?? '0', 10);
  const n = Number.isInteger(existing) && existing > 0 ? existing : 0;
  if (credential.kind === 'access-token') {
    // git sends an extra header with every request of the operation, to whatever origin a redirect of the first
    // request moved it to (http.followRedirects=initial): redirects are refused, so the token stays on its origin.
    return {
      GIT_CONFIG_COUNT: String(n + 3),
      [`GIT_CONFIG_KEY_${n}`]: `credential.${scope}.helper`,
      [`GIT_CONFIG_VALUE_${n}`]: '',
      [`GIT_CONFIG_KEY_${n + 1}`]: `http.${scope}/.extraHeader`,
      [`GIT_CONFIG_VALUE_${n + 1}`]: `Authorization: Bearer ${credential.token}`,
      [`GIT_CONFIG_KEY_${n + 2}`]: `http.${scope}/.followRedirects`,
      [`GIT_CONFIG_VALUE_${n + 2}`]: 'false',
    };
  }
  return {
    GIT_CONFIG_COUNT: String(n + 2),
    [`GIT_CONFIG_KEY_${n}`]: `credential.${scope}.helper`,
    [`GIT_CONFIG_VALUE_${n}`]: '',
    [`GIT_CONFIG_KEY_${n + 1}`]: `credential.${scope}.helper`,
    [`GIT_CONFIG_VALUE_${n + 1}`]: CREDENTIAL_HELPER,
    BB_GIT_USERNAME: credential.email ?? '',
    BB_GIT_PASSWORD: credential.token,
  };
}
