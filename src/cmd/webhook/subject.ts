/**
 * What a `bb webhook …` command acts on: a repository's webhooks (`-R`, or the current one) or a workspace's
 * (`--workspace W`, where the host has workspaces).
 */
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { provider } from '../../provider/index.js';
import type { WebhookSubject } from '../../provider/webhooks.js';
import type { CommandInput } from '../define.js';

export interface Subject {
  kind: 'repository' | 'workspace';
  label: string;
  /** For the provider (src/provider/webhooks.ts). */
  target: WebhookSubject;
}

export const WORKSPACE_FLAG = {
  name: 'workspace',
  short: 'w',
  type: 'string',
  valueName: 'WORKSPACE',
  description: "the workspace's webhooks instead of a repository's (Cloud)",
} as const;

export async function subjectOf(ctx: Context, input: CommandInput): Promise<Subject> {
  const ws = input.flags.workspace;
  if (typeof ws === 'string' && ws !== '') {
    if (typeof input.flags.repo === 'string' && input.flags.repo !== '') throw new BbError('INVALID_ARGUMENT', '-R and --workspace cannot be used together');
    return { kind: 'workspace', label: `workspace ${ws}`, target: (await provider(ctx)).workspaceWebhookSubject(ws) };
  }
  const repo = await ctx.repo(input.flags.repo);
  return { kind: 'repository', label: `${repo.workspace}/${repo.repo}`, target: { kind: 'repository', repo } };
}
