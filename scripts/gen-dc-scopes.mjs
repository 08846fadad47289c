#!/usr/bin/env node
// Generates src/scopes/generated/dc-operations.ts: for every operation of the vendored Bitbucket Data
// Center spec (`METHOD /path/template`, paths below the server's /rest), the permission the operation's
// description says the user needs (scripts/lib/dc-permissions.mjs reads the prose). A few operations
// whose descriptions say nothing get a documented supplement (SUPPLEMENT below, each with its source).
// The header reports coverage and the ambiguous phrasings. `--check` fails on drift.
import { readFileSync } from 'node:fs';
import { emit } from './lib/generated.mjs';
import { parseDcPermission } from './lib/dc-permissions.mjs';

const spec = JSON.parse(readFileSync(new URL('../spec/bitbucket-dc.openapi.json', import.meta.url), 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const HTTP_TOKENS = 'confluence.atlassian.com "HTTP access tokens" (Bitbucket DC 8.x–9.x)';
// Operations whose descriptions state no permission, for which Atlassian's documentation (or the
// operation's documented replacement) does. Keyed by operation; `why` is printed with the permission.
const SUPPLEMENT = {
  'GET /access-tokens/latest/projects/{projectKey}': ['PROJECT_ADMIN', `${HTTP_TOKENS}: project tokens need project admin`],
  'PUT /access-tokens/latest/projects/{projectKey}': ['PROJECT_ADMIN', `${HTTP_TOKENS}: project tokens need project admin`],
  'GET /access-tokens/latest/projects/{projectKey}/{tokenId}': ['PROJECT_ADMIN', `${HTTP_TOKENS}: project tokens need project admin`],
  'POST /access-tokens/latest/projects/{projectKey}/{tokenId}': ['PROJECT_ADMIN', `${HTTP_TOKENS}: project tokens need project admin`],
  'DELETE /access-tokens/latest/projects/{projectKey}/{tokenId}': ['PROJECT_ADMIN', `${HTTP_TOKENS}: project tokens need project admin`],
  'GET /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}': ['REPO_ADMIN', `${HTTP_TOKENS}: repository tokens need repository admin`],
  'PUT /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}': ['REPO_ADMIN', `${HTTP_TOKENS}: repository tokens need repository admin`],
  'GET /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}/{tokenId}': ['REPO_ADMIN', `${HTTP_TOKENS}: repository tokens need repository admin`],
  'POST /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}/{tokenId}': [
    'REPO_ADMIN',
    `${HTTP_TOKENS}: repository tokens need repository admin`,
  ],
  'DELETE /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}/{tokenId}': [
    'REPO_ADMIN',
    `${HTTP_TOKENS}: repository tokens need repository admin`,
  ],
  'GET /access-tokens/latest/users/{userSlug}': ['authenticated', `${HTTP_TOKENS}: your own tokens, from your account`],
  'PUT /access-tokens/latest/users/{userSlug}': ['authenticated', `${HTTP_TOKENS}: your own tokens, from your account`],
  'DELETE /access-tokens/latest/users/{userSlug}/{tokenId}': ['authenticated', `${HTTP_TOKENS}: your own tokens, from your account`],
  'GET /build-status/latest/commits/{commitId}': [
    'REPO_READ',
    'deprecated for GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/builds, which states REPO_READ',
  ],
  'POST /build-status/latest/commits/{commitId}': [
    'REPO_READ',
    'replaced by POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/builds, which states REPO_READ',
  ],
  'GET /ssh/latest/keys': ['authenticated', "your own SSH keys (another user's need ADMIN: the user parameter)"],
  'POST /ssh/latest/keys': ['authenticated', "your own SSH keys (another user's need ADMIN: the user parameter)"],
  // Not here: DELETE and GET /ssh/latest/keys/{keyId}. Their descriptions state "ADMIN permission or higher", and
  // a supplement applies only where the description is silent. Atlassian's DC documentation (searched for this
  // operation's permission) says nothing that overrides the spec, so the spec's ADMIN stands for them.
  // Default reviewer conditions are repository settings (Repository settings > Default reviewers), which DC shows
  // to repository admins; the reviewers a new pull request gets are read by anyone who may open one.
  ...Object.fromEntries(
    [
      'GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/conditions',
      'POST /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition',
      'PUT /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition/{id}',
      'DELETE /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition/{id}',
    ].map((k) => [k, ['REPO_ADMIN', 'a repository setting (Repository settings > Default reviewers): repository admins manage it']]),
  ),
  // A project's default reviewer conditions are a project setting (Project settings > Default reviewers), which DC shows
  // to project admins; the conditions apply to pull requests in every repository of the project.
  ...Object.fromEntries(
    [
      'GET /default-reviewers/latest/projects/{projectKey}/conditions',
      'POST /default-reviewers/latest/projects/{projectKey}/condition',
      'PUT /default-reviewers/latest/projects/{projectKey}/condition/{id}',
      'DELETE /default-reviewers/latest/projects/{projectKey}/condition/{id}',
    ].map((k) => [k, ['PROJECT_ADMIN', 'a project setting (Project settings > Default reviewers): project admins manage it']]),
  ),
  'GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/reviewers': [
    'REPO_READ',
    'what a new pull request gets: read by whoever may create one, like GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests',
  ],
  // Branch permissions (issue 21): creating one is a repository setting (Repository settings > Branch permissions), as
  // listing, reading and deleting them are (their descriptions state REPO_ADMIN); the create's description is silent.
  'POST /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions': [
    'REPO_ADMIN',
    'a repository setting (Repository settings > Branch permissions): like the list, read and delete of restrictions, which state REPO_ADMIN',
  ],
  // Code Insights: the spec states no permission for its operations. Reading a commit's reports needs what reading the
  // commit needs; publishing them is what a CI user with read access does, as for build statuses (POST …/commits/{commitId}/builds,
  // which states REPO_READ) and commit comments (REPO_READ). Taken as REPO_READ, like Cloud's (read:repository for all of them).
  ...Object.fromEntries(
    [
      'GET /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/annotations',
      'GET /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports',
      'GET /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}',
      'PUT /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}',
      'DELETE /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}',
      'GET /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}/annotations',
      'POST /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}/annotations',
      'DELETE /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}/annotations',
      'PUT /insights/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/reports/{key}/annotations/{externalId}',
    ].map((k) => [
      k,
      ['REPO_READ', 'unstated in the spec; REPO_READ like build statuses (POST …/commits/{commitId}/builds states REPO_READ), which CI posts alike'],
    ]),
  ),
  'GET /api/latest/users/{userSlug}': ['authenticated', 'like GET /api/latest/users ("Only authenticated users may call this resource")'],
  'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/browse/{path}': [
    'REPO_WRITE',
    'the operation\'s own 401 answer: "The currently authenticated user does not have write permission for the given repository" (a file edit is a commit: a push)',
  ],
  // your own review of a pull request: reading its pending comments and finishing it, as discarding it
  ...Object.fromEntries(
    ['GET', 'PUT'].map((m) => [
      `${m} /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/review`,
      ['REPO_READ', 'like DELETE …/pull-requests/{pullRequestId}/review (discard your review), which states REPO_READ'],
    ]),
  ),
  'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge-base': [
    'REPO_READ',
    'a read of the pull request, like GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/commits, which states REPO_READ',
  ],
  'GET /api/latest/dashboard/pull-requests': [
    'authenticated',
    "the signed-in user's own pull requests (Your work > Pull requests): only those in repositories the user may read are listed",
  ],
};

const rows = [];
const counts = { stated: 0, bullets: 0, filter: 0, supplement: 0, unstated: 0 };
const ambiguous = [];
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const key = `${method.toUpperCase()} ${path}`;
    let r = parseDcPermission(op.description);
    if (!r.permission && SUPPLEMENT[key]) {
      const [permission, why] = SUPPLEMENT[key];
      const on = permission === 'authenticated' ? 'none' : permission.startsWith('PROJECT_') ? 'project' : 'repository';
      r = { permission, on, source: 'supplement', phrase: why };
    }
    counts[r.source]++;
    if (r.ambiguous) ambiguous.push(`${key}: ${r.ambiguous}`);
    const entry = { p: r.permission, on: r.on, src: r.source };
    for (const k of ['all', 'any', 'filter', 'publicRepo', 'ambiguous']) if (r[k] !== undefined) entry[k] = r[k];
    if (r.phrase) entry.says = r.phrase;
    if (op.deprecated || /Deprecated (since|in) /i.test(op.description ?? '')) entry.deprecated = true;
    rows.push([key, entry]);
  }
}
for (const key of Object.keys(SUPPLEMENT)) if (!rows.some(([k]) => k === key)) throw new Error(`SUPPLEMENT names ${key}, which is not in the spec`);
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

const total = rows.length;
const withPermission = total - counts.unstated;
const pct = (n) => `${((100 * n) / total).toFixed(1)}%`;
const body = rows.map(([key, e]) => `  ${JSON.stringify(key)}: ${JSON.stringify(e)},`).join('\n');
const out = `// DO NOT EDIT: generated by scripts/gen-dc-scopes.mjs from spec/bitbucket-dc.openapi.json
// (${spec.info.title} ${spec.info.version}). Run \`npm run gen\` to refresh. Loaded lazily: DC hosts, \`bb scopes --dc\`, DC errors.
//
// Coverage: ${withPermission} of ${total} operations (${pct(withPermission)}) have a permission.
//   stated in one sentence: ${counts.stated}; in a bulleted list: ${counts.bullets}; as a filter on what a list returns: ${counts.filter};
//   documented supplement (description silent): ${counts.supplement}; not stated anywhere: ${counts.unstated} (${pct(counts.unstated)}).
// Ambiguous phrasings (${ambiguous.length}):
${ambiguous.map((a) => `//   ${a}`).join('\n')}

export type DcRequirement = 'public' | 'authenticated' | 'LICENSED_USER' | 'PROJECT_VIEW' | 'PROJECT_READ' | 'PROJECT_WRITE' | 'REPO_READ' | 'REPO_WRITE' | 'REPO_ADMIN' | 'REPO_CREATE' | 'PROJECT_ADMIN' | 'PROJECT_CREATE' | 'ADMIN' | 'SYS_ADMIN';

export interface DcOperation {
  /** The permission the user needs; null when neither the spec nor a documented supplement says. */
  p: DcRequirement | null;
  /** What the permission is held on: the path's repository, its project, the instance, or nothing. */
  on: 'repository' | 'project' | 'global' | 'none';
  /** stated / bullets: the description; filter: a list shows only what the user may see; supplement: see \`says\`. */
  src: 'stated' | 'bullets' | 'filter' | 'supplement' | 'unstated';
  /** Several permissions that are all needed (\`p\` is the highest). */
  all?: string[];
  /** Alternatives (\`p\` is the lowest). */
  any?: string[];
  filter?: true;
  /** Anonymous access works on a public repository. */
  publicRepo?: true;
  ambiguous?: string;
  /** The sentence the permission comes from (or the supplement's source). */
  says?: string;
  deprecated?: true;
}

export const DC_SPEC_VERSION = ${JSON.stringify(spec.info.version)};

export const DC_COVERAGE = ${JSON.stringify({ total, withPermission, ...counts, ambiguous: ambiguous.length })};

export const DC_OPERATIONS: Record<string, DcOperation> = {
${body}
};
`;
emit('src/scopes/generated/dc-operations.ts', out);
