import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['help', 'environment'],
  summary: 'Environment variables bb reads',
  examples: ['bb help environment'],
  operations: [],
  async run(ctx) {
    ctx.io.out.write(`BB_TOKEN          credential used without a stored login: with BB_EMAIL an Atlassian API token
                  (Basic), alone a repository/project/workspace access token (Bearer)
BB_EMAIL          Atlassian account email for API tokens (BB_USERNAME is accepted too)
BB_USERNAME       the same as BB_EMAIL; on Data Center, the user name sent with BB_TOKEN (Basic)
BB_HOST           the host to use (api.bitbucket.org, or a Data Center base URL or host as
                  stored by bb auth login --hostname); wins over the active login
BB_OAUTH_CLIENT_ID, BB_OAUTH_CLIENT_SECRET
                  the OAuth consumer's key and secret for bb auth login --oauth (instead of the
                  flags or the prompts)
BB_OAUTH_URL      origin of the OAuth endpoints (default https://bitbucket.org; the API's own
                  origin when BB_API_URL is the sandbox)
BB_API_URL        API base URL (default https://api.bitbucket.org/2.0); point it at \`bb sandbox\`
BB_REPO           the repository (WORKSPACE/REPO) for commands that would otherwise take the clone's
                  default (bb repo set-default) or its git remote; -R wins over it
BB_CONFIG_DIR     where config.json and hosts.json live (default $XDG_CONFIG_HOME/bb or ~/.config/bb)
BB_DEBUG          1 or api: log requests on stderr (secrets redacted) and show stack traces
BB_HTTP_TIMEOUT   seconds to wait for an API answer (default 30) before failing with 7002 TIMEOUT; then
                  the whole answer must come within a quarter more, and a download must bring at least
                  1 KiB per timeout: a long download that keeps arriving is never cut
BB_HTTP           fetch: send API requests with Node's built-in fetch instead of bb's own client over
                  node:http (the default, cheaper per command); with a proxy or BB_CA_FILE bb always uses
                  fetch (undici)
HTTPS_PROXY, HTTP_PROXY, NO_PROXY (or lowercase; lowercase wins)
                  proxy for bb's https (http) API requests, as http://[user:pass@]host:port; NO_PROXY:
                  comma-separated hosts that go direct (example.com also matches its subdomains,
                  .example.com, host:port, an IP, * for all); loopback always goes direct. git, which
                  bb runs for clone/fetch/push, gets them too and applies its own rules (git reads
                  https_proxy, HTTPS_PROXY, http_proxy and no_proxy, but not HTTP_PROXY)
BB_CA_FILE        PEM file of extra CA certificates bb trusts for its API requests (a private CA, a
                  TLS-inspecting proxy), besides the system's; git does not read it (use git's
                  http.sslCAInfo)
NODE_EXTRA_CA_CERTS
                  read by Node itself at start: extra CA certificates for every request bb makes
BB_PAGER, PAGER   pager for long output on a terminal
NO_COLOR          no colour
BB_NO_INPUT       never prompt
BB_SCOPES_TRACE   file that every bb process appends its API operations to (set by \`bb scopes record\`)
BITBUCKET_WORKSPACE, BITBUCKET_REPO_SLUG, BITBUCKET_REPO_FULL_NAME
                  inside Bitbucket Pipelines, the repository when nothing else names one
BB_SANDBOX_MERGE_ASYNC, BB_SANDBOX_MERGE_POLLS
                  bb sandbox: answer every merge 202 Accepted (1), and after how many task polls
                  the merge completes

Read from the system as other tools do: HOME and XDG_CONFIG_HOME (where the config lives), PATH
(git), VISUAL and EDITOR (--editor), BROWSER, DISPLAY, WAYLAND_DISPLAY, SSH_TTY and SSH_CONNECTION
(whether a browser can open), DBUS_SESSION_BUS_ADDRESS (the keychain), TERM, COLUMNS (the width
tables fit on a terminal, over what the terminal reports), and GIT_CONFIG_COUNT
(git's own, extended when bb hands git a credential).
`);
    return 0;
  },
});
