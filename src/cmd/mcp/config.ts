/**
 * `bb mcp --print-config HOST`: the snippet for an agent host's configuration file. The server is started as `bb`
 * with `mcp …` arguments; the credential reaches it through the environment (the host expands the variable), never
 * through the arguments.
 */
export const CONFIG_HOSTS = ['claude', 'vscode', 'cursor'] as const;
export type ConfigHost = (typeof CONFIG_HOSTS)[number];

/** `${expr}`: the host's reference to a variable (written out, so no one takes it for a template literal). */
const ref = (expr: string) => ['$', '{', expr, '}'].join('');

export function configSnippet(host: ConfigHost, args: readonly string[]): string {
  const server = (env: Record<string, string>) => ({ command: 'bb', args: ['mcp', ...args], env });
  const snippets: Record<ConfigHost, unknown> = {
    // Claude Code's .mcp.json (and Claude Desktop's claude_desktop_config.json): ${VAR} is read from the environment
    claude: { mcpServers: { bitbucket: server({ BB_EMAIL: ref('BB_EMAIL'), BB_TOKEN: ref('BB_TOKEN') }) } },
    // VS Code's .vscode/mcp.json: the token is asked once and kept in VS Code's secret storage
    vscode: {
      inputs: [
        { type: 'promptString', id: 'bb-email', description: 'Atlassian account email' },
        { type: 'promptString', id: 'bb-token', description: 'Bitbucket API token', password: true },
      ],
      servers: { bitbucket: { type: 'stdio', ...server({ BB_EMAIL: ref('input:bb-email'), BB_TOKEN: ref('input:bb-token') }) } },
    },
    // Cursor's .cursor/mcp.json: ${env:VAR} is read from the environment
    cursor: { mcpServers: { bitbucket: server({ BB_EMAIL: ref('env:BB_EMAIL'), BB_TOKEN: ref('env:BB_TOKEN') }) } },
  };
  return `${JSON.stringify(snippets[host], null, 2)}\n`;
}
