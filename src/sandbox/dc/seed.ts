import { createRepo, type DcProject, type DcRepo, type DcStore, type DcUser } from './model.js';

/**
 * The Data Center demo: project ACME with repositories `api` and `web` (real commits at fixed dates, a feature
 * branch, a tag, an open pull request), and two users with different permissions:
 *   admin — SYS_ADMIN (password `admin`)
 *   dev   — LICENSED_USER; PROJECT_READ on ACME, REPO_WRITE on acme/api (password `dev`)
 * `empty`: only the admin.
 */
const EPOCH = Date.parse('2024-01-15T09:00:00Z');

export async function seedDc(store: DcStore, seed: string): Promise<{ admin: DcUser; dev?: DcUser }> {
  let tick = 0;
  const date = () => new Date(EPOCH + tick++ * 60_000).toISOString();
  const user = (slug: string, displayName: string, global: DcUser['global']): DcUser => {
    const u: DcUser = { id: store.next('user'), slug, name: slug, displayName, emailAddress: `${slug}@sandbox.test`, password: slug, global };
    store.users[slug] = u;
    return u;
  };
  const admin = user('admin', 'Sandbox Admin', 'SYS_ADMIN');
  if (seed === 'empty') return { admin };
  if (seed !== 'demo') throw new Error(`unknown seed "${seed}" (demo, empty)`);
  const dev = user('dev', 'Dana Developer', 'LICENSED_USER');
  const project: DcProject = {
    id: store.next('project'),
    key: 'ACME',
    name: 'Acme',
    description: 'The demo project',
    public: false,
    permissions: { dev: 'PROJECT_READ' },
  };
  store.projects.ACME = project;
  // groups to grant permissions to (bb repo|project permissions grant --group)
  store.groups = { developers: { name: 'developers', members: ['dev'] }, contractors: { name: 'contractors', members: [] } };

  const commit = async (repo: DcRepo, branch: string, from: string | undefined, message: string, author: DcUser, files: Record<string, string>) => {
    const git = store.git(repo);
    const parent = (await git.resolve(branch)) ?? (from ? await git.resolve(from) : undefined);
    const tree = parent ? await git.readFiles(parent) : {};
    Object.assign(tree, files);
    const hash = await git.writeCommit(tree, message, parent ? [parent] : [], { name: author.displayName, email: author.emailAddress, date: date() });
    await git.updateRef(`refs/heads/${branch}`, hash);
    return hash;
  };

  const api = await createRepo(store, project, 'api', { permissions: { dev: 'REPO_WRITE' } });
  await commit(api, 'main', undefined, 'Initial commit', admin, { 'README.md': '# api\n', 'src/server.js': 'export const port = 8080;\n' });
  await commit(api, 'main', undefined, 'Add health check', dev, { 'src/health.js': 'export const ok = () => true;\n' });
  const v1 = await commit(api, 'main', undefined, 'Document the API', admin, { 'docs/api.md': '# API\n\nGET /health\n' });
  await store.git(api).createTag('v1.0.0', v1, 'First release', { name: admin.displayName, email: admin.emailAddress, date: date() });
  const feature = await commit(api, 'feature/login', 'main', 'Add login endpoint', dev, { 'src/login.js': 'export const login = () => "ok";\n' });

  const web = await createRepo(store, project, 'web');
  await commit(web, 'main', undefined, 'Initial commit', admin, { 'README.md': '# web\n', 'index.html': '<h1>Acme</h1>\n' });
  await commit(web, 'main', undefined, 'Add styles', admin, { 'style.css': 'h1 { color: teal; }\n' });

  const created = EPOCH + 3_600_000;
  store.pullRequests[store.prKey(api, 1)] = {
    id: store.next(`pr:${api.id}`),
    repo: api.id,
    version: 0,
    title: 'Add login endpoint',
    description: 'Adds POST /login.',
    state: 'OPEN',
    from: 'feature/login',
    to: 'main',
    fromHash: feature,
    toHash: v1,
    createdDate: created,
    updatedDate: created,
    participants: [
      { user: 'dev', role: 'AUTHOR', approved: false, status: 'UNAPPROVED' },
      { user: 'admin', role: 'REVIEWER', approved: false, status: 'UNAPPROVED' },
    ],
  };
  store.builds.push({
    repo: api.id,
    commit: v1,
    key: 'CI',
    state: 'SUCCESSFUL',
    url: 'https://ci.example.test/acme/api/1',
    name: 'CI #1',
    ref: 'refs/heads/main',
    createdDate: created,
    updatedDate: created,
  });
  return { admin, dev };
}
