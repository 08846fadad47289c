import { pickFields, printJson } from '../../../output/json.js';
import { CLOUD_COMMIT_COMMENT_OP as OP, DC_COMMIT_COMMENT_OP as DC } from '../../../provider/commit-comments.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { COMMENT_JSON_FIELDS } from '../../../provider/pullrequests.js';
import { defineCommand } from '../../define.js';
import { domainCommentJson, printThreads, threads } from '../../pr/comments/comment.js';
import { jsonRequest, status } from '../../shared/print.js';
import { COMMIT_ARG } from './shared.js';

export default defineCommand({
  path: ['commit', 'comments', 'list'],
  summary: 'List the comments on a commit, threaded',
  description: 'Shows the discussion of a commit: every comment with its replies under it; inline comments show the file and line they are on.',
  examples: ['bb commit comments list 3f2a9c1', 'bb commit comments list 3f2a9c1 --json id,author,body,path,line'],
  args: [COMMIT_ARG],
  operations: [OP.list],
  dcOperations: [DC.list],
  repo: true,
  list: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const f = input.flags as { limit?: number; all?: boolean };
    const comments = await (await provider(ctx)).listCommitComments(repo, commit, { limit: f.limit, all: f.all }).catch((e) => {
      throw notFound(e, `commit ${commit} not found in ${repo.workspace}/${repo.repo}`);
    });
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
      status(ctx, `No comments on commit ${commit.slice(0, 12)}`);
      return 0;
    }
    printThreads(ctx, comments);
    return 0;
  },
});
