// Runs inside `dbus-run-session`, with a gnome-keyring daemon unlocked for this session only (see
// test/e2e/keychain.test.ts): logs bb in against the sandbox, then reports what bb printed, what the
// credentials file holds and what the Secret Service holds (read with secret-tool, not bb), as one
// JSON line on stdout. The token comes in the environment (BB_E2E_TOKEN), never in argv.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [bb, configDir, apiUrl, email] = process.argv.slice(2);
const token = process.env.BB_E2E_TOKEN ?? '';
const base = { ...process.env, BB_CONFIG_DIR: configDir, BB_API_URL: apiUrl, BB_NO_INPUT: '1', NO_COLOR: '1' };
delete base.BB_E2E_TOKEN;
delete base.BB_TOKEN;
delete base.BB_EMAIL;

function run(file, args, input) {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env: base }, (e, stdout, stderr) => resolve({ code: e ? (e.code ?? 1) : 0, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
const bbRun = (args, input) => run(process.execPath, [bb, ...args], input);
/** Every Secret Service item bb's keychain entries could be: `secret-tool search --all service …` lists attributes and secrets. */
const keyring = () => run('secret-tool', ['search', '--all', 'service', 'bb']);
const file = () => {
  try {
    return readFileSync(join(configDir, 'hosts.json'), 'utf8');
  } catch {
    return '';
  }
};

const report = {};
report.login = await bbRun(['auth', 'login', '--email', email, '--with-token'], `${token}\n`);
report.fileAfterLogin = file();
report.keyringAfterLogin = await keyring();
report.status = await bbRun(['auth', 'status']);
report.view = await bbRun(['repo', 'view', 'acme/web', '--json', 'name']);
report.logout = await bbRun(['auth', 'logout']);
report.keyringAfterLogout = await keyring();
report.fileAfterLogout = file();
process.stdout.write(`${JSON.stringify(report)}\n`);
