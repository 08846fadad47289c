import { printList } from '../../shared/print.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { ACCOUNT_JSON_FIELDS, ACCOUNT_JSON_RENAMED } from '../present.js';
import { resolveRepoArg } from '../target.js';

export default defineCommand({
  path: ['repo', 'default-reviewers', 'list'],
  summary: "List a repository's default reviewers",
  description: `Lists the users Bitbucket adds as reviewers to every new pull request in the repository. On Cloud, default reviewers inherited from the project are not included.

On Data Center, each user is listed once with the reviewer conditions that add them, the project's too (marked "from the project": bb project default-reviewers changes those).`,
  examples: [
    'bb repo default-reviewers list',
    'bb repo default-reviewers list -R myteam/website',
    'bb repo default-reviewers list -R myteam/website --json nickname,uuid',
  ],
  repo: true,
  list: true,
  json: ACCOUNT_JSON_FIELDS,
  jsonRenamed: ACCOUNT_JSON_RENAMED,
  operations: ['GET /repositories/{workspace}/{repo_slug}/default-reviewers'],
  dcOperations: ['GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/conditions'],
  async run(ctx, input) {
    const ref = await resolveRepoArg(ctx, input);
    const p = await provider(ctx);
    const reviewers = await p.listDefaultReviewers(ref, { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) });
    await printList(ctx, input, reviewers, {
      columns: [
        { header: 'NAME', value: (a) => a.displayName ?? '', flexible: true },
        { header: 'NICKNAME', value: (a) => a.nickname ?? '' },
        // Data Center: which reviewer conditions (source → target branches) add them
        p.defaultReviewerDetail === 'conditions'
          ? { header: 'CONDITIONS', value: (a) => (a.conditions ?? []).join('; '), flexible: true }
          : { header: 'UUID', value: (a) => a.uuid ?? '', style: () => 'gray' },
      ],
      toJson: ({ conditions: _c, ...a }) => a,
      empty: `${ref.workspace}/${ref.repo} has no default reviewers`,
    });
    return 0;
  },
});
