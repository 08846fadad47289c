/**
 * The multipart/form-data body the snippets API takes for files (`file` parts, repeated; `title` and
 * `is_private` as plain fields; `files=NAME` without a part deletes a file on PUT). Files on disk are
 * attached as file-backed Blobs, so they stream from disk instead of being read into memory.
 */
import { openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { readAll } from '../../util/input.js';
import type { CommandInput } from '../define.js';

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
