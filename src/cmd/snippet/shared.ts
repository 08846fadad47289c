/**
 * Helpers shared by the `bb snippet …` commands: shapes, the snippet argument (ID or URL), and the
 * multipart/form-data body the snippets API takes for files (`file` parts, repeated; `title` and
 * `is_private` as plain fields; `files=NAME` without a part deletes a file on PUT). Files on disk are
 * attached as file-backed Blobs, so they stream from disk instead of being read into memory.
 */
import { openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { readAll } from '../auth/shared.js';
import type { CommandInput } from '../define.js';

export const OP = {
  list: 'GET /snippets/{workspace}',
  get: 'GET /snippets/{workspace}/{encoded_id}',
  file: 'GET /snippets/{workspace}/{encoded_id}/files/{path}',
  create: 'POST /snippets/{workspace}',
  update: 'PUT /snippets/{workspace}/{encoded_id}',
  delete: 'DELETE /snippets/{workspace}/{encoded_id}',
} as const;

export interface Snippet {
  id: string | number;
  title?: string;
  is_private?: boolean;
  created_on?: string;
  updated_on?: string;
  owner?: { display_name?: string; nickname?: string; uuid?: string };
  creator?: { display_name?: string; nickname?: string; uuid?: string };
  files?: Record<string, { links?: { self?: { href?: string }; html?: { href?: string } } }>;
  links?: { html?: { href?: string } };
}

export const SNIPPET_JSON_FIELDS = ['id', 'title', 'visibility', 'isPrivate', 'files', 'owner', 'creator', 'createdAt', 'updatedAt', 'url'] as const;

export function snippetJson(s: Snippet): Record<string, unknown> {
  return {
    id: String(s.id),
    title: s.title ?? '',
    visibility: s.is_private ? 'private' : 'public',
    isPrivate: Boolean(s.is_private),
    files: Object.keys(s.files ?? {}),
    owner: s.owner?.nickname ?? s.owner?.display_name ?? null,
    creator: s.creator?.nickname ?? s.creator?.display_name ?? null,
    createdAt: s.created_on ?? null,
    updatedAt: s.updated_on ?? null,
    url: s.links?.html?.href ?? null,
  };
}

export const WORKSPACE_FLAG = {
  name: 'workspace',
  short: 'w',
  type: 'string',
  valueName: 'WORKSPACE',
  description: "the workspace (default: default_workspace, or the current repository's)",
} as const;

const ID = /^[A-Za-z0-9_-]+$/;

/** `ID` (in --workspace / the default workspace) or a snippet URL `…/snippets/WORKSPACE/ID[/…]`. */
export async function snippetTarget(ctx: Context, input: CommandInput): Promise<{ workspace: string; encoded_id: string }> {
  const arg = String(input.args.snippet ?? '').trim();
  const url = /\/snippets\/([^/?#]+)\/([^/?#]+)/.exec(arg);
  if (url?.[1] && url[2] && /^https?:\/\//.test(arg)) return { workspace: decodeURIComponent(url[1]), encoded_id: decodeURIComponent(url[2]) };
  if (!ID.test(arg))
    throw new BbError('INVALID_ARGUMENT', `"${arg}" is not a snippet: expected its ID or URL`, { hints: ['list them with `bb snippet list`'] });
  return { workspace: await ctx.workspace(input.flags.workspace, 'pass --workspace WORKSPACE'), encoded_id: arg };
}

export function notFound(e: unknown, what: string): unknown {
  if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
    return new BbError('API_NOT_FOUND', `${what} not found`, { operation: e.operation, status: 404, hints: ['list them with `bb snippet list`'] });
  }
  return e;
}

export interface FilePart {
  name: string;
  blob: Blob;
  size: number;
}

/** Paths become file parts (streamed from disk); `-` reads standard input and needs --filename. */
export async function fileParts(ctx: Context, paths: string[], filename: string | undefined): Promise<FilePart[]> {
  const parts: FilePart[] = [];
  for (const p of paths) {
    if (p === '-') {
      if (!filename)
        throw new BbError('INVALID_ARGUMENT', 'standard input (-) needs a name: pass --filename NAME', {
          hints: ['for example: cat x.sh | bb snippet create - --filename x.sh'],
        });
      const text = await readAll(ctx.io.in);
      parts.push({ name: filename, blob: new Blob([text]), size: Buffer.byteLength(text) });
      continue;
    }
    let size: number;
    try {
      const st = statSync(p);
      if (!st.isFile()) throw new Error('not a regular file');
      size = st.size;
    } catch (e) {
      throw new BbError('INPUT_READ_FAILED', `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const name = paths.length === 1 && filename ? filename : basename(p);
    parts.push({ name, blob: await openAsBlob(p), size });
  }
  const names = parts.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new BbError('INVALID_ARGUMENT', `two files are called ${dup}`, { hints: ['a snippet holds each file name once'] });
  return parts;
}

export function visibilityFlag(input: CommandInput): boolean | undefined {
  if (input.flags.private && input.flags.public) throw new BbError('INVALID_ARGUMENT', '--private and --public cannot be used together');
  return input.flags.private ? true : input.flags.public ? false : undefined;
}

export function buildForm(fields: { title?: string; isPrivate?: boolean; files: FilePart[]; deleted?: string[] }): FormData {
  const form = new FormData();
  if (fields.title !== undefined) form.append('title', fields.title);
  if (fields.isPrivate !== undefined) form.append('is_private', String(fields.isPrivate));
  for (const f of fields.files) form.append('file', f.blob, f.name);
  for (const d of fields.deleted ?? []) form.append('files', d);
  return form;
}

/** What --dry-run shows of a multipart body: the fields, and the files by name and size. */
export function describeForm(fields: { title?: string; isPrivate?: boolean; files: FilePart[]; deleted?: string[] }): Record<string, unknown> {
  return {
    contentType: 'multipart/form-data',
    ...(fields.title !== undefined ? { title: fields.title } : {}),
    ...(fields.isPrivate !== undefined ? { is_private: fields.isPrivate } : {}),
    file: fields.files.map((f) => `${f.name} (${f.size} bytes)`),
    ...(fields.deleted?.length ? { files: fields.deleted } : {}),
  };
}

export const VISIBILITY_FLAGS = [
  { name: 'private', type: 'boolean', description: 'only workspace members can see it' },
  { name: 'public', type: 'boolean', description: 'anyone can see it' },
] as const;
