import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkSettings, proxyFor } from './network.js';

test('networkSettings: nothing set is undefined (Node fetch as is); lowercase wins; NO_PROXY is split', () => {
  assert.equal(networkSettings({ NO_PROXY: 'x' }), undefined);
  const s = networkSettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', NO_PROXY: 'a.com, .b.com  c.com:8443' });
  assert.equal(s?.httpsProxy, 'http://lower:2');
  assert.deepEqual(s?.noProxy, ['a.com', '.b.com', 'c.com:8443']);
  assert.deepEqual(networkSettings({ BB_CA_FILE: '/ca.pem' }), {
    httpsProxy: undefined,
    httpProxy: undefined,
    noProxy: [],
    caFile: '/ca.pem',
    nodeExtraCaCerts: undefined,
  });
});

test('proxyFor: scheme, NO_PROXY forms, loopback', () => {
  const s = networkSettings({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'example.com,.corp.net,*.intra,10.0.0.5,git.io:8443,[::2]' });
  assert.ok(s);
  const p = (u: string) => proxyFor(new URL(u), s);
  assert.equal(p('https://api.bitbucket.org/2.0'), 'http://proxy:3128');
  assert.equal(p('http://api.bitbucket.org/2.0'), undefined, 'no HTTP_PROXY: http goes direct');
  assert.equal(p('https://example.com/'), undefined);
  assert.equal(p('https://api.example.com/'), undefined, 'subdomains match');
  assert.equal(p('https://notexample.com/'), 'http://proxy:3128', 'a suffix is not a subdomain');
  assert.equal(p('https://x.corp.net/'), undefined);
  assert.equal(p('https://corp.net/'), undefined);
  assert.equal(p('https://a.intra/'), undefined);
  assert.equal(p('https://10.0.0.5/'), undefined);
  assert.equal(p('https://10.0.0.6/'), 'http://proxy:3128');
  assert.equal(p('https://git.io:8443/'), undefined);
  assert.equal(p('https://git.io/'), 'http://proxy:3128', 'another port is proxied');
  assert.equal(p('https://[::2]/'), undefined);
  for (const u of ['https://localhost:1/', 'https://127.0.0.1/', 'https://[::1]/']) assert.equal(p(u), undefined, u);
  const all = networkSettings({ https_proxy: 'http://p:1', no_proxy: '*' });
  assert.ok(all);
  assert.equal(proxyFor(new URL('https://api.bitbucket.org/'), all), undefined);
});
