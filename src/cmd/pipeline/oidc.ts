import { expandPath } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { printFields } from '../../output/table.js';
import { printItem } from '../shared/print.js';
import { defineCommand } from '../define.js';

const OP = {
  discovery: 'GET /workspaces/{workspace}/pipelines-config/identity/oidc/.well-known/openid-configuration',
  keys: 'GET /workspaces/{workspace}/pipelines-config/identity/oidc/keys.json',
} as const;

export const OIDC_JSON_FIELDS = ['workspace', 'issuer', 'jwksUri', 'keyIds', 'algorithms'] as const;

interface Discovery {
  issuer?: string;
  jwks_uri?: string;
  id_token_signing_alg_values_supported?: string[];
}
interface Jwks {
  keys?: Array<{ kid?: string; kty?: string; alg?: string }>;
}

async function get<T>(ctx: Context, operation: string, params: Record<string, string>): Promise<T> {
  const http = await ctx.http();
  const tpl = operation.split(' ', 2)[1] as string;
  const response = await http.send(new Request(http.url(expandPath(tpl, params)), { method: 'GET' }), { operation });
  return (await response.json()) as T;
}

export default defineCommand({
  path: ['pipeline', 'oidc'],
  summary: "Show the workspace's Pipelines OpenID Connect issuer and signing keys",
  description:
    "Shows what a cloud provider needs to trust Bitbucket Pipelines' OpenID Connect tokens for the workspace (default: the default_workspace setting, or the workspace of the current repository): the issuer URL, where its keys are published (jwks_uri) and the ids of the signing keys.",
  examples: ['bb pipeline oidc', 'bb pipeline oidc --workspace myteam --json issuer,keyIds'],
  flags: [{ name: 'workspace', short: 'w', type: 'string', valueName: 'WORKSPACE', description: 'the workspace (default: the current one)' }],
  hosts: ['cloud'],
  json: OIDC_JSON_FIELDS,
  operations: [OP.discovery, OP.keys],
  async run(ctx, input) {
    const workspace = await ctx.workspace(input.flags.workspace as string | undefined, 'pass --workspace WORKSPACE');
    const d = await get<Discovery>(ctx, OP.discovery, { workspace });
    const k = await get<Jwks>(ctx, OP.keys, { workspace });
    const keys = (k.keys ?? []).filter((x) => typeof x.kid === 'string');
    const out = {
      workspace,
      issuer: d.issuer ?? null,
      jwksUri: d.jwks_uri ?? null,
      keyIds: keys.map((x) => x.kid as string),
      algorithms: d.id_token_signing_alg_values_supported ?? [],
    };
    await printItem(ctx, input, out, {
      toJson: (x) => x,
      human: () => {
        printFields(ctx.io, [
          ['workspace', workspace],
          ['issuer', out.issuer ?? undefined],
          ['jwks', out.jwksUri ?? undefined],
          ['keys', keys.map((x) => `${x.kid} (${x.kty ?? '?'}${x.alg ? ` ${x.alg}` : ''})`).join(', ')],
        ]);
      },
    });
    return 0;
  },
});
