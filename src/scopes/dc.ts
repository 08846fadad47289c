/**
 * Bitbucket Data Center OAuth 2.0 scopes (incoming application links). Source: "OAuth 2.0 scopes for incoming
 * links" (shared/seeds/002; confluence.atlassian.com, Bitbucket Server/DC 7.20–8.x docs), which lists each scope
 * with its consent text and says: "the actual permissions will always be capped at what this user can do. For
 * example, even if you select the ADMIN permissions, the application won't be able to use them if the authorizing
 * user only has WRITE permissions."
 *
 * Hierarchy: the page presents the scopes as tiers whose descriptions nest (Repositories Read "view …, pulling code,
 * cloning … Create and comment on pull requests" ⊂ Write "… pushing code and merging pull requests" ⊂ Admin
 * "administrative functions on repositories and pull requests" ⊂ Projects Admin "… on projects, repositories, and
 * pull requests … including creating new repositories" ⊂ Admin Write "most administrative functions on the entire
 * instance" ⊂ System admin "all administrative functions"), and it speaks of them as levels ("ADMIN … only has WRITE").
 * bb reads each tier as including the one below it. That reading comes from the descriptions; the page has no
 * sentence of the form "X implies Y". ACCOUNT_WRITE stands apart from the repository/project ladder; PUBLIC_REPOS
 * ("no scopes selected") is what every token can do.
 */
export interface DcScope {
  name: string;
  /** The label on the link form: group and level. */
  label: string;
  title: string;
  description: string;
  /** The scope directly below it in the ladder (included), if any. */
  includes?: string;
}

export const DC_SCOPES: readonly DcScope[] = [
  {
    name: 'PUBLIC_REPOS',
    label: 'No scopes selected',
    title: 'View public projects and repositories',
    description: 'View projects and repositories that are publicly accessible, including pulling code and cloning repositories.',
  },
  {
    name: 'ACCOUNT_WRITE',
    label: 'Account: Write',
    title: 'Update your account',
    description: 'Update your user account settings.',
    includes: 'PUBLIC_REPOS',
  },
  {
    name: 'REPO_READ',
    label: 'Repositories: Read',
    title: 'View projects and repositories',
    description:
      'View projects and repositories your account can view, including pulling code, cloning, and forking repositories. Create and comment on pull requests.',
    includes: 'PUBLIC_REPOS',
  },
  {
    name: 'REPO_WRITE',
    label: 'Repositories: Write',
    title: 'Update projects and repositories',
    description: 'Update projects and repositories your account can change, including pushing code and merging pull requests.',
    includes: 'REPO_READ',
  },
  {
    name: 'REPO_ADMIN',
    label: 'Repositories: Admin',
    title: 'Administer repositories',
    description:
      'Perform administrative functions on repositories and pull requests your account can change, including deleting pull requests and updating repository settings and permissions.',
    includes: 'REPO_WRITE',
  },
  {
    name: 'PROJECT_ADMIN',
    label: 'Projects: Admin',
    title: 'Administer projects',
    description:
      'Perform administrative functions on projects, repositories, and pull requests your account can change, including creating new repositories and updating project settings and permissions.',
    includes: 'REPO_ADMIN',
  },
  {
    name: 'ADMIN_WRITE',
    label: 'Admin: Write',
    title: 'Administer Bitbucket',
    description:
      'Perform most administrative functions on the entire Bitbucket instance, excluding functions such as backups, imports, and infrastructure settings which are limited to system administrators.',
    includes: 'PROJECT_ADMIN',
  },
  {
    name: 'SYSTEM_ADMIN',
    label: 'System admin: Write',
    title: 'Administer Bitbucket system',
    description:
      'Perform all administrative functions on the entire Bitbucket instance, including functions such as backups, imports, and infrastructure settings.',
    includes: 'ADMIN_WRITE',
  },
];

export function dcScope(name: string): DcScope | undefined {
  return DC_SCOPES.find((s) => s.name === name.toUpperCase());
}

/** Everything a DC scope includes, itself first: REPO_WRITE → REPO_WRITE, REPO_READ, PUBLIC_REPOS. */
export function expandDc(name: string): string[] {
  const out: string[] = [];
  for (let s = dcScope(name); s && !out.includes(s.name); s = s.includes ? dcScope(s.includes) : undefined) out.push(s.name);
  return out;
}

/** DC scopes that include this one (the ones above it in the ladder). */
export function dcIncludedBy(name: string): string[] {
  const n = name.toUpperCase();
  return DC_SCOPES.filter((s) => s.name !== n && expandDc(s.name).includes(n)).map((s) => s.name);
}
