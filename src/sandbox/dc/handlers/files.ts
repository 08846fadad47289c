import { dcRestrictionMessage, dcRestrictionOn } from './branch-permissions.js';
import { safeTreePath } from '../../git.js';
import { parseMultipart } from '../../handlers/snippets.js';
import { renderMarkdown } from '../../markdown.js';
import { browse, pathParam, repoDiff, revision, VALIDATION } from '../diff.js';
import { commitJson } from '../wire.js';
import { DcApiError, type DcContext, type DcRoutes, type DcTextReply, R, repoOf } from './context.js';

/**
 * A repository's files: the diff between revisions, the browse listing, raw files (bytes exactly), and the file
 * edit (`PUT …/browse/{path}`, multipart: content, message, branch, sourceCommitId, sourceBranch) that commits one
 * file on a branch.
 */

const NO_PATH = 'com.atlassian.bitbucket.content.NoSuchPathException';
const CONFLICT = 'com.atlassian.bitbucket.content.FileContentModificationException';

/** Git's rule for a binary file: a NUL byte in its first 8000 bytes. */
function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** The fields of the file edit's multipart form (a 400 when the body is not one). */
function editForm(c: DcContext): Map<string, Buffer> {
  const parts = parseMultipartOr400(c);
  const out = new Map<string, Buffer>();
  for (const p of parts) if (p.name) out.set(p.name, Buffer.from(p.body));
  return out;
}

function parseMultipartOr400(c: DcContext) {
  let parts: ReturnType<typeof parseMultipart>;
  try {
    parts = parseMultipart(c.contentType, c.rawBody ?? Buffer.alloc(0));
  } catch {
    parts = undefined;
  }
  if (!parts) throw new DcApiError(400, 'The file edit takes multipart/form-data with a "content" field.', VALIDATION);
  return parts;
}

export const FILE_ROUTES: DcRoutes = {
  [`GET ${R}/diff`]: repoDiff,
  [`GET ${R}/diff/{path}`]: repoDiff,
  [`GET ${R}/browse`]: browse,
  [`GET ${R}/browse/{path}`]: browse,
  [`GET ${R}/raw/{path}`]: async (c) => {
    const repo = repoOf(c);
    const path = pathParam(c);
    if (!path) throw new DcApiError(400, 'The path parameter was not supplied.', VALIDATION);
    const at = await revision(c, repo, c.query.get('at'));
    if ((await c.store.git(repo).pathType(at, path)) !== 'blob') throw new DcApiError(404, `The path "${path}" does not exist at revision "${at}"`, NO_PATH);
    const bytes = await c.store.git(repo).readBlob(at, path);
    // ?markup (present or "true"): the file rendered as HTML; htmlEscape and hardwrap default to true, as DC's do
    const markup = c.query.get('markup');
    if (markup === '' || markup === 'true') {
      const html = renderMarkdown(bytes.toString('utf8'), {
        escapeRawHtml: c.query.get('htmlEscape') !== 'false',
        breaks: c.query.get('hardwrap') !== 'false',
      });
      return { status: 200, text: `${html}\n`, contentType: 'text/html;charset=UTF-8' } as DcTextReply;
    }
    return { status: 200, text: bytes, contentType: isBinary(bytes) ? 'application/octet-stream' : 'text/plain;charset=UTF-8' } as DcTextReply;
  },
  [`PUT ${R}/browse/{path}`]: async (c) => {
    const repo = repoOf(c);
    const path = pathParam(c);
    if (!path || !safeTreePath(path) || path.split('/').some((s) => s === '' || s === '.' || s === '.git'))
      throw new DcApiError(400, `The path "${path}" is not valid.`, VALIDATION);
    const form = editForm(c);
    const field = (k: string) => form.get(k)?.toString('utf8').trim() || undefined;
    const content = form.get('content');
    const branchName = field('branch')?.replace(/^refs\/heads\//, '');
    if (!branchName || content === undefined) throw new DcApiError(400, 'The branch and content parameters are required.', VALIDATION);
    // the spec: 401 when the user may not write the branch (here: a read-only or pull-request-only branch permission)
    const restricted = dcRestrictionOn(c.store, repo, branchName, c.user, ['read-only', 'pull-request-only']);
    if (restricted) throw new DcApiError(401, dcRestrictionMessage(restricted, branchName, 'change'), 'com.atlassian.bitbucket.AuthorisationException');
    const git = c.store.git(repo);
    let head = await git.resolve(`refs/heads/${branchName}`);
    if (!head) {
      // a new branch: from sourceBranch
      const from = field('sourceBranch');
      head = from ? await git.resolve(from) : undefined;
      if (!head) throw new DcApiError(400, `Branch "${branchName}" does not exist; name an existing sourceBranch to create it from.`, VALIDATION);
    }
    const exists = (await git.pathType(head, path)) === 'blob';
    const source = field('sourceCommitId');
    if (exists && !source) throw new DcApiError(409, `The file "${path}" already exists; give the sourceCommitId it was edited from.`, CONFLICT);
    if (source) {
      const sourceHash = await git.resolve(source);
      if (!sourceHash) throw new DcApiError(400, `Commit '${source}' does not exist in repository '${repo.slug}'.`, VALIDATION);
      // The file must be as it was at sourceCommitId: a change since is a conflict (a stale edit)
      const then = (await git.pathType(sourceHash, path)) === 'blob' ? await git.readBlob(sourceHash, path) : undefined;
      const now = exists ? await git.readBlob(head, path) : undefined;
      if ((then === undefined) !== (now === undefined) || (then && now && !then.equals(now)))
        throw new DcApiError(409, `The file "${path}" has changed since ${source}.`, CONFLICT);
    }
    if (exists && (await git.readBlob(head, path)).equals(content)) throw new DcApiError(409, `The content does not modify the file "${path}".`, CONFLICT);
    const user = c.user;
    const author = { name: user?.displayName ?? 'Anonymous', email: user?.emailAddress ?? 'anonymous@sandbox.test', date: new Date(c.now()).toISOString() };
    const hash = await git.commitChanges(head, [{ path, content }], field('message') ?? `Edited ${path} online`, author);
    await git.updateRef(`refs/heads/${branchName}`, hash);
    const commit = await git.commit(hash);
    return { status: 200, json: commitJson(commit as NonNullable<typeof commit>) };
  },
};
