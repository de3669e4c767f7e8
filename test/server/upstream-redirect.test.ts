/**
 * The proxy never follows an upstream redirect (it would carry the API key to
 * wherever the redirect points). Fetch uses `redirect: 'manual'`, which workerd
 * supports, unlike 'error'; the 3xx becomes a 502.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createInviteProxy, seedApiProvider } from '../../src/server/index.js';
import { call, listen, serve, testIdentity, type Running } from './proxy-harness.js';

const running: Running[] = [];
after(async () => {
  for (const r of running) await r.close();
});

test('an upstream redirect is not followed and answers 502', async () => {
  const seen: (string | undefined)[] = [];
  const elsewhere = await listen((req, res) => {
    seen.push(req.headers['x-api-key'] as string | undefined);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"invitations":[]}');
  });
  running.push(elsewhere);
  const redirecting = await listen((req, res) => {
    res.writeHead(302, { location: `${elsewhere.url}${req.url}` }).end();
  });
  running.push(redirecting);
  const proxy = await serve(createInviteProxy({
    provider: seedApiProvider({ baseUrl: redirecting.url, apiKey: 'sk-never-leaves' }),
    getIdentity: testIdentity,
  }));
  running.push(proxy);

  const res = await call(`${proxy.url}/api/invitations`, 'GET', '', { user: 'alice@acme.com' });
  assert.equal(res.status, 502);
  assert.equal(res.body.error.code, 'upstream_error');
  assert.deepEqual(seen, [], 'the redirect target never saw a request');
});
