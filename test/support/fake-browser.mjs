#!/usr/bin/env node
// A stand-in for a browser in OAuth tests (BROWSER="node test/support/fake-browser.mjs"): it opens the URL it is
// given, follows the redirects (the sandbox's authorize endpoint → bb's loopback listener), and exits.
const url = process.argv[2];
const r = await fetch(url, { redirect: 'follow' });
await r.text();
process.exit(r.ok ? 0 : 1);
