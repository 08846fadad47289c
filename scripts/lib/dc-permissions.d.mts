// Types for dc-permissions.mjs, so TypeScript tests can use it.
export const DC_PERMISSION_RANK: Record<string, number>;
export function resourceOf(permission: string): 'repository' | 'project' | 'global';
export function parseDcPermission(description: string | undefined): {
  permission: string | null;
  on: 'repository' | 'project' | 'global' | 'none';
  source: 'stated' | 'bullets' | 'filter' | 'unstated';
  phrase: string;
  all?: string[];
  any?: string[];
  filter?: true;
  publicRepo?: true;
  ambiguous?: string;
};
