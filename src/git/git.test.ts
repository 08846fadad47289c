import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemGit } from './git.js';

test('git gets the proxy variables bb was started with (git applies its own proxy rules)', async () => {
  const env = {
    ...process.env,
    HTTPS_PROXY: 'http://proxy.example:3128',
    https_proxy: 'http://lower.example:3128',
    NO_PROXY: 'corp.example',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const git = systemGit(env, process.cwd());
  // a shell alias prints git's own environment (test only: bb itself never runs git through a shell)
  const out = await git.run(['-c', 'alias.showenv=!printf "%s|%s|%s" "$HTTPS_PROXY" "$https_proxy" "$NO_PROXY"', 'showenv']);
  assert.equal(out, 'http://proxy.example:3128|http://lower.example:3128|corp.example');
});
