import { BbError } from '../../core/errors.js';
import { colorize } from '../../output/iostreams.js';
import { commandsNeeding, operationsNeeding } from '../../scopes/catalog.js';
import { dcIncludedBy, dcScope, expandDc } from '../../scopes/dc.js';
import { GRANULAR_SCOPE_DESCRIPTIONS, LEGACY_SCOPE_NOTES } from '../../scopes/generated/descriptions.js';
import { LEGACY_SCOPE_DESCRIPTIONS, OPERATIONS } from '../../scopes/generated/operations.js';
import { expandLegacy, impliedBy, LEGACY_IMPLIES, LEGACY_PERMISSIONS } from '../../scopes/legacy.js';
import { defineCommand } from '../define.js';
import { loadCommands, writeJson } from './output.js';

interface Explanation {
  scope: string;
  kind: 'granular' | 'legacy' | 'data-center';
  description: string;
  implies: string[];
  impliedBy: string[];
  permission?: string;
  operations: string[];
  commands: string[];
  conditionalCommands: string[];
  notes: string[];
}

export default defineCommand({
  path: ['scopes', 'explain'],
  summary: 'What a scope grants, and which operations and bb commands need it',
  description:
    'Explains a granular scope (read:pullrequest:bitbucket, or read:pullrequest for short), a legacy scope (pullrequest:write: with what it implies and what implies it) or a Data Center OAuth 2.0 scope (REPO_WRITE). Descriptions come from the official OpenAPI document; legacy implications are the documented ones only.',
  examples: ['bb scopes explain read:pullrequest:bitbucket', 'bb scopes explain pullrequest:write', 'bb scopes explain REPO_ADMIN --json'],
  args: [
    {
      name: 'scope',
      description: 'a scope name',
      required: true,
      choices: [...Object.keys(GRANULAR_SCOPE_DESCRIPTIONS), ...Object.keys(LEGACY_PERMISSIONS)].sort(),
    },
  ],
  flags: [{ name: 'json', type: 'boolean', description: 'print JSON' }],
  operations: [],
  async run(ctx, input) {
    const raw = String(input.args.scope ?? '').trim();
    const commands = await loadCommands();
    let x: Explanation | undefined;
    const granularName =
      GRANULAR_SCOPE_DESCRIPTIONS[raw] !== undefined ? raw : GRANULAR_SCOPE_DESCRIPTIONS[`${raw}:bitbucket`] !== undefined ? `${raw}:bitbucket` : undefined;
    if (granularName) {
      const used = commandsNeeding(commands, granularName, 'granular');
      x = {
        scope: granularName,
        kind: 'granular',
        description: GRANULAR_SCOPE_DESCRIPTIONS[granularName] ?? '',
        implies: [],
        impliedBy: [],
        operations: operationsNeeding(granularName, 'granular'),
        commands: used.always,
        conditionalCommands: used.conditional,
        notes: ['Granular scopes (Atlassian API tokens) imply no other scope: write does not grant read, admin grants neither.'],
      };
    } else if (Object.hasOwn(LEGACY_IMPLIES, raw) || Object.hasOwn(LEGACY_SCOPE_DESCRIPTIONS, raw) || Object.hasOwn(LEGACY_SCOPE_NOTES, raw)) {
      const used = commandsNeeding(commands, raw, 'legacy');
      const p = LEGACY_PERMISSIONS[raw];
      const notes: string[] = [];
      if (raw === 'project:write')
        notes.push('Removed on 15 May 2023: use project:admin for project endpoints, repository for repository endpoints and Git LFS.');
      if (raw === 'webhook')
        notes.push(
          'Creating a webhook also needs read access to what it watches: issue:* events need issue (and repo:* repository, pullrequest:* pullrequest).',
        );
      x = {
        scope: raw,
        kind: 'legacy',
        description: LEGACY_SCOPE_NOTES[raw] ?? LEGACY_SCOPE_DESCRIPTIONS[raw] ?? '',
        implies: [...expandLegacy([raw])].filter((s) => s !== raw).sort(),
        impliedBy: impliedBy(raw),
        permission: p ? `${p.group}: ${p.level}` : undefined,
        operations: operationsNeeding(raw, 'legacy'),
        commands: used.always,
        conditionalCommands: used.conditional,
        notes,
      };
    } else if (dcScope(raw)) {
      const s = dcScope(raw);
      if (s) {
        const { dcUsage } = await import('./dc-explain.js');
        const usage = await dcUsage(s.name, commands);
        x = {
          scope: s.name,
          kind: 'data-center',
          description: `${s.title}. ${s.description}`,
          implies: expandDc(s.name).slice(1),
          impliedBy: dcIncludedBy(s.name),
          permission: s.label,
          operations: usage.operations,
          commands: usage.commands,
          conditionalCommands: [],
          notes: [
            "Data Center OAuth 2.0 (incoming link) scope. The application never gets more than the authorizing user's own permission.",
            'bb reads each tier as including the one below it (from the descriptions on "OAuth 2.0 scopes for incoming links").',
            ...usage.notes,
          ],
        };
      }
    }
    if (!x) {
      const known = [...Object.keys(GRANULAR_SCOPE_DESCRIPTIONS), ...Object.keys(LEGACY_IMPLIES)];
      const close = known.filter((k) => k.includes(raw) || raw.includes(k.replace(/:bitbucket$/, ''))).slice(0, 4);
      throw new BbError('INVALID_ARGUMENT', `unknown scope "${raw}"`, {
        hints: [
          close.length
            ? `did you mean ${close.join(', ')}?`
            : 'granular scopes look like read:repository:bitbucket; legacy ones like pullrequest:write; Data Center ones like REPO_READ',
        ],
      });
    }
    if (input.flags.json) {
      writeJson(ctx, x);
      return 0;
    }
    const b = (s: string) => colorize(ctx.io, 'bold', s);
    const out: string[] = [
      `${b(x.scope)} (${x.kind === 'granular' ? 'granular: Atlassian API tokens' : x.kind === 'legacy' ? 'legacy: access tokens, OAuth consumers' : 'Data Center OAuth 2.0'})`,
      '',
    ];
    out.push(...x.description.split('\n').map((l) => `  ${l}`), '');
    if (x.permission) out.push(`${b('Permission:')} ${x.permission}`);
    if (x.kind !== 'granular') {
      out.push(`${b('Implies:')} ${x.implies.join(', ') || '(nothing)'}`);
      out.push(`${b('Implied by:')} ${x.impliedBy.join(', ') || '(nothing)'}`);
    }
    if (x.kind === 'data-center') {
      out.push(`${b(`Data Center operations whose lowest scope is ${x.scope} (${x.operations.length}):`)}`);
      out.push(...(x.operations.length ? x.operations.map((o) => `  ${o}`) : ['  (none)']));
      out.push(`${b('bb commands that need it:')} ${x.commands.join(', ') || '(none)'}`);
    } else {
      out.push(`${b(`Operations (${x.operations.length}):`)}`);
      out.push(
        ...(x.operations.length ? x.operations.map((o) => `  ${o}${OPERATIONS[o]?.deprecated ? ' (deprecated)' : ''}`) : ['  (none in the current spec)']),
      );
      out.push(`${b('bb commands that need it:')} ${x.commands.join(', ') || '(none)'}`);
      if (x.conditionalCommands.length) out.push(`${b('…only in some invocations (flags, left-out arguments):')} ${x.conditionalCommands.join(', ')}`);
    }
    for (const n of x.notes) out.push(`note: ${n}`);
    ctx.io.out.write(`${out.join('\n')}\n`);
    return 0;
  },
});
