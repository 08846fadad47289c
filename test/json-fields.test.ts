/**
 * One `--json` vocabulary across every command (issue #17): camelCase names, as gh has them, and one name per
 * concept: a script that reads `createdAt` from `bb pr list` reads `createdAt` from `bb repo list` too.
 * `bb api` declares no fields: it prints Bitbucket's own shapes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CommandMeta, commandName } from '../src/cmd/define.js';
import { COMMANDS } from '../src/cmd/registry.js';

/**
 * Names for one concept: at most one of each group may appear across all commands. The first is the one bb uses;
 * the others are what a field drifting from it would be called (Bitbucket's `created_on`, gh's `nameWithOwner`…).
 */
const SYNONYMS: readonly (readonly string[])[] = [
  ['url', 'htmlUrl', 'webUrl', 'webLink', 'link', 'href', 'links'],
  ['createdAt', 'created', 'createdOn', 'createdDate', 'addedAt', 'addedOn', 'dateAdded'],
  ['updatedAt', 'updated', 'updatedOn', 'updatedDate', 'modifiedAt', 'lastModified'],
  ['lastUsedAt', 'lastUsed', 'lastUsedOn'],
  ['expiresAt', 'expires', 'expiresOn', 'expiry'],
  ['startedAt', 'started', 'startedOn'],
  ['completedAt', 'completed', 'completedOn', 'finishedAt', 'endedAt'],
  ['isPrivate', 'private'],
  ['isDraft', 'draft'],
  ['fullName', 'nameWithOwner', 'fullPath'],
  ['mainBranch', 'defaultBranch', 'defaultBranchRef'],
  ['displayName', 'display'],
  ['accountId', 'userId'],
  ['httpsUrl', 'cloneUrl', 'httpUrl'],
  ['body', 'content', 'text'],
  ['commit', 'commitHash', 'sha', 'commitId'],
];

const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

type Declared = Pick<CommandMeta, 'path' | 'json' | 'jsonRenamed'>;

/** What is wrong with the commands' declared `--json` fields, one line each (empty: nothing). */
function vocabularyProblems(defs: readonly Declared[]): string[] {
  const problems: string[] = [];
  const users = new Map<string, string[]>(); // field → the commands that declare it
  for (const def of defs) {
    for (const field of def.json ?? []) {
      if (!CAMEL.test(field)) problems.push(`bb ${commandName(def)}: --json field ${field} is not camelCase`);
      users.set(field, [...(users.get(field) ?? []), commandName(def)]);
    }
  }
  const where = (f: string) => `${f} (bb ${users.get(f)?.[0]}${(users.get(f)?.length ?? 0) > 1 ? ', …' : ''})`;
  // the same word in two spellings: refname / refName
  const byLower = new Map<string, string[]>();
  for (const f of users.keys()) byLower.set(f.toLowerCase(), [...(byLower.get(f.toLowerCase()) ?? []), f]);
  for (const spellings of byLower.values()) {
    if (spellings.length > 1) problems.push(`one name spelled ${spellings.length} ways: ${spellings.map(where).join(' vs ')}`);
  }
  for (const group of SYNONYMS) {
    const used = group.filter((f) => users.has(f));
    if (used.length > 1) problems.push(`one concept, ${used.length} names: ${used.map(where).join(' vs ')} (use ${group[0]})`);
  }
  // an old name (kept for one release) must lead to a field the command has, and must not be one itself
  for (const def of defs) {
    for (const [old, now] of Object.entries(def.jsonRenamed ?? {})) {
      if (!def.json?.includes(now)) problems.push(`bb ${commandName(def)}: old --json name ${old} leads to ${now}, which it does not declare`);
      if (def.json?.includes(old)) problems.push(`bb ${commandName(def)}: old --json name ${old} is still a field`);
    }
  }
  return problems;
}

test('every command declares camelCase --json fields, one name per concept across all commands', () => {
  assert.deepEqual(vocabularyProblems(COMMANDS), []);
});

test('the vocabulary check fails on snake_case, two spellings, synonyms and a broken rename', () => {
  const problems = vocabularyProblems([
    { path: ['repo', 'list'], json: ['full_name', 'url', 'createdAt'], jsonRenamed: { fullname: 'fullName' } },
    { path: ['pr', 'list'], json: ['htmlUrl', 'created', 'refname'] },
    { path: ['pipeline', 'list'], json: ['refName', 'lastUsed', 'createdAt'], jsonRenamed: { created_on: 'createdAt' } },
    { path: ['token', 'list'], json: ['lastUsedAt'] },
  ]);
  assert.deepEqual(problems, [
    'bb repo list: --json field full_name is not camelCase',
    'one name spelled 2 ways: refname (bb pr list) vs refName (bb pipeline list)',
    'one concept, 2 names: url (bb repo list) vs htmlUrl (bb pr list) (use url)',
    'one concept, 2 names: createdAt (bb repo list, …) vs created (bb pr list) (use createdAt)',
    'one concept, 2 names: lastUsedAt (bb token list) vs lastUsed (bb pipeline list) (use lastUsedAt)',
    'bb repo list: old --json name fullname leads to fullName, which it does not declare',
  ]);
});

test('the repository, project, workspace and account fields are the camelCase ones', () => {
  const json = (path: string) => COMMANDS.find((c) => commandName(c) === path)?.json;
  for (const path of ['repo list', 'repo view', 'repo create', 'repo edit', 'repo fork', 'repo rename']) {
    assert.deepEqual(json(path), [
      'name',
      'fullName',
      'slug',
      'description',
      'isPrivate',
      'visibility',
      'language',
      'mainBranch',
      'createdAt',
      'updatedAt',
      'size',
      'uuid',
      'url',
      'project',
      'owner',
      'scm',
      'forkPolicy',
      'hasIssues',
      'hasWiki',
      'parent',
      'httpsUrl',
      'sshUrl',
    ]);
  }
  for (const path of ['project list', 'project view']) {
    assert.deepEqual(json(path), ['key', 'name', 'description', 'isPrivate', 'visibility', 'uuid', 'createdAt', 'updatedAt', 'hasPubliclyVisibleRepos', 'url']);
  }
  assert.deepEqual(json('workspace view'), ['slug', 'name', 'uuid', 'isPrivate', 'createdAt', 'updatedAt', 'forkingMode', 'url']);
  assert.deepEqual(json('repo default-reviewers list'), ['displayName', 'nickname', 'uuid', 'accountId', 'type', 'url']);
});
