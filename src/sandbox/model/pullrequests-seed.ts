import type { SeedBuilder } from '../seed.js';
import type { RepositoryRecord, UserRecord } from '../state.js';
import { addComment, approve, declinePullRequest, mergePullRequest, newPullRequest } from './pullrequests.js';

/**
 * The demo seed's pull requests (a step of DEMO_STEPS), on real branches with real commits:
 *   acme/web #1  feature/login → main   OPEN, reviewer alex, two comments (one inline) and a reply, approved by alex
 *   acme/api #1  feature/metrics → main MERGED (merge commit), source branch kept
 *   acme/api #2  experiment/xml → main  DECLINED by alex
 * acme/api's fix/timeout stays without a pull request, to try `bb pr create` on.
 */
export async function seedDemoPullRequests(b: SeedBuilder): Promise<void> {
  const sb = b.sb;
  const dev = sb.store.user('dev');
  const alex = sb.store.user('alex');
  const web = sb.store.repository('acme', 'web');
  const api = sb.store.repository('acme', 'api');
  if (!dev || !alex || !web || !api) throw new Error('seed: pull requests need the demo users and acme/web, acme/api');

  const open = async (repo: RepositoryRecord, source: string, title: string, description: string, author: UserRecord, reviewers: UserRecord[]) => {
    const git = sb.git(repo);
    const src = await git.resolve(`refs/heads/${source}`);
    const dst = await git.resolve(`refs/heads/${repo.mainbranch}`);
    if (!src || !dst) throw new Error(`seed: missing branches for ${repo.slug} ${source}`);
    return newPullRequest(sb, repo, {
      title,
      description,
      author: author.uuid,
      source: { branch: source, commit: src },
      destination: { branch: repo.mainbranch, commit: dst },
      reviewers: reviewers.map((r) => r.uuid),
      close_source_branch: false,
      draft: false,
      date: b.date(),
    });
  };

  // acme/web: an open pull request under review
  const login = await open(web, 'feature/login', 'Add a login form', 'A first login form.\n\nThe greeting is a placeholder.', dev, [alex]);
  login.close_source_branch = true;
  addComment(sb, login, alex.uuid, 'Nice and small. Could we add a test?', b.date());
  const inline = addComment(sb, login, alex.uuid, 'Should this escape `user`?', b.date(), { inline: { path: 'src/login.js', to: 2 } });
  addComment(sb, login, dev.uuid, 'Good point, the template will escape it.', b.date(), { parent: inline });
  approve(login, alex.uuid, b.date());

  // acme/api: a merged pull request (a real merge commit on main)
  await b.commit(api, {
    branch: 'feature/metrics',
    from: 'main',
    message: 'Add a metrics endpoint\n',
    author: dev,
    files: { 'metrics.go': 'package main\n\nfunc metrics() map[string]int { return map[string]int{"requests": 0} }\n' },
  });
  const metrics = await open(api, 'feature/metrics', 'Add a metrics endpoint', 'Exposes request counters.', dev, [alex]);
  addComment(sb, metrics, alex.uuid, 'Ship it.', b.date());
  approve(metrics, alex.uuid, b.date());
  await mergePullRequest(sb, api, metrics, dev, { strategy: 'merge_commit', close_source_branch: false }, b.date());

  // acme/api: a declined pull request
  await b.commit(api, {
    branch: 'experiment/xml',
    from: 'main',
    message: 'Answer in XML\n',
    author: dev,
    files: { 'xml.go': 'package main\n\nconst contentType = "application/xml"\n' },
  });
  const xml = await open(api, 'experiment/xml', 'Answer in XML', 'An experiment.', dev, [alex]);
  addComment(sb, xml, alex.uuid, 'We agreed on JSON only; declining.', b.date());
  declinePullRequest(xml, alex.uuid, b.date(), 'JSON only');
}
