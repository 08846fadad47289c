import { jsonRequest, status } from '../../shared/print.js';
import { pickFields, printJson } from '../../../output/json.js';
import { defineCommand } from '../../define.js';
import { notFound } from '../../../provider/errors.js';
import { COMMENT_JSON_FIELDS, CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG, prContext } from '../finder.js';
import { domainCommentJson, printThreads, threads } from './comment.js';

export default defineCommand({
  path: ['pr', 'comments', 'list'],
  summary: 'List the comments of a pull request, threaded',
  description:
    'Shows every comment with its replies under it; inline comments show the file and line (or range of lines) they are on, resolved ones are marked, and so are your pending ones (only you see them until `bb pr review --submit` publishes them).',
  examples: [
    'bb pr comments list 42',
    'bb pr comments list',
    '# unresolved inline comments, as JSON',
    `bb pr comments list 42 --json id,path,line,body,resolved --jq '.[] | select(.path and (.resolved | not))'`,
  ],
  args: [PR_ARG],
  flags: [{ name: 'inline', type: 'boolean', description: 'only inline (file) comments and their replies' }],
  operations: [OP.prComments, OP.prList],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/activities',
    // your pending comments (your review in progress)
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/review',
  ],
  repo: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    let comments = await p.listPullRequestComments(repo, id, { withPending: true }).catch((e) => {
      throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
    });
    if (input.flags.inline) {
      const inlineRoots = new Set(
        threads(comments)
          .filter((t) => t.depth === 0 && t.comment.path)
          .map((t) => t.comment.id),
      );
      const keep = new Set<number>();
      let root: number | undefined;
      for (const t of threads(comments)) {
        if (t.depth === 0) root = inlineRoots.has(t.comment.id) ? t.comment.id : undefined;
        if (root !== undefined) keep.add(t.comment.id);
      }
      comments = comments.filter((c) => keep.has(c.id));
    }
    const json = jsonRequest(input);
    if (json) {
      await printJson(
        ctx.io,
        threads(comments).map((t) => pickFields(domainCommentJson(t.comment), json.fields)),
        json,
      );
      return 0;
    }
    if (comments.length === 0) {
      status(ctx, `No comments on pull request #${id}`);
      return 0;
    }
    printThreads(ctx, comments);
    return 0;
  },
});
