/**
 * Origins as deployments see them, over real HTTP: the proxy (Node adapter,
 * real emulator) behind Vite's own dev-server proxy, which rewrites Host, and
 * behind a TLS terminator that speaks plain HTTP inside and says
 * `X-Forwarded-Proto: https`. Also: the native `{ req, res }` reach getIdentity.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createInviteProxy, seedApiProvider, toNodeListener, type InviteProxyOptions, type NodeContext } from '../../src/server/index.js';
import type { Identity } from '../../src/server/provider.js';
import { launchChromium } from '../support/chromium.js';
import { listen, type Running } from './proxy-harness.js';

const API_KEY = 'sk-origins-test';
const ALICE = 'alice@acme.com';
const ACCEPT = { invitationIds: ['inv_alice_design'] };

let emu: RunningEmulator;
const running: Running[] = [];
const natives: { req: boolean; res: boolean }[] = [];

before(async () => {
  emu = await startEmulator({ port: 0, apiKey: API_KEY });
});
after(async () => {
  for (const r of running.reverse()) await r.close();
  await emu.close();
});

/** The host's "session": node:http's own request object, as a session middleware would read it. */
function identityFromNativeReq(_request: Request, { req, res }: NodeContext<http.IncomingMessage, http.ServerResponse>): Identity | null {
  natives.push({ req: req instanceof http.IncomingMessage, res: res instanceof http.ServerResponse });
  const email = req.headers['x-test-user'];
  return typeof email === 'string' ? { userId: `user:${email}`, email, emailVerified: true } : null;
}

/** The proxy on node:http, as a host's backend would run it. */
async function backend(options: Partial<InviteProxyOptions<NodeContext<http.IncomingMessage, http.ServerResponse>>> = {}): Promise<string> {
  const handler = createInviteProxy({
    provider: seedApiProvider({ baseUrl: emu.url, apiKey: API_KEY }),
    getIdentity: identityFromNativeReq,
    ...options,
  });
  const server = await listen(toNodeListener(handler));
  running.push(server);
  return server.url;
}

/** A TLS terminator's inside half: forwards as plain HTTP, rewrites Host, adds the headers it is told to. */
async function forwarder(target: string, headers: Record<string, string>): Promise<string> {
  const to = new URL(target);
  const server = await listen((req, res) => {
    const upstream = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host, ...headers } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  running.push(server);
  return server.url;
}

/** Vite's own dev server with `server.proxy` for `/api` — what a front-end developer runs. */
async function viteDevProxy(target: string, extra: { xfwd?: boolean } = {}): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'invite-inbox-vite-proxy-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>dev</title>');
  const vite: ViteDevServer = await createViteServer({
    root,
    configFile: false,
    logLevel: 'silent',
    server: {
      host: '127.0.0.1',
      port: 0,
      hmr: false,
      watch: null,
      proxy: { '/api': { target, changeOrigin: true, ...extra } },
    },
  });
  await vite.listen();
  const { port } = vite.httpServer!.address() as AddressInfo;
  running.push({
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await vite.close();
      rmSync(root, { recursive: true, force: true });
    },
  });
  return `http://127.0.0.1:${port}`;
}

async function accept(base: string, origin: string | null, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin === null ? {} : { origin }), 'x-test-user': ALICE, ...headers },
    body: JSON.stringify(ACCEPT),
  });
  return { status: res.status, body: await res.json() };
}

describe('behind Vite’s dev-server proxy (changeOrigin rewrites Host)', () => {
  test('with xfwd and trustProxy: true the page’s own origin is accepted and a foreign one refused', async () => {
    const dev = await viteDevProxy(await backend({ trustProxy: true }), { xfwd: true });
    const ok = await accept(dev, dev);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.results[0].id, 'inv_alice_design');
    const foreign = await accept(dev, 'http://localhost:9999');
    assert.equal(foreign.status, 403);
    assert.match(foreign.body.error.message, new RegExp(`expected Origin ${dev} \\(this request's origin per X-Forwarded-\\*\\)`));
    assert.match(foreign.body.error.message, /but got http:\/\/localhost:9999\./);
  });

  test('without trustProxy the 403 names the origin that was expected and the option that fixes it', async () => {
    const inside = await backend();
    const dev = await viteDevProxy(inside, { xfwd: true });
    const refused = await accept(dev, dev);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'forbidden');
    assert.equal(
      refused.body.error.message,
      `Cross-origin request refused: expected Origin ${inside} (this request's own origin) but got ${dev}. ` +
        'Behind a dev proxy or TLS terminator set trustProxy: true; for another site add it to allowedOrigins.',
    );
  });

  test('the plain shorthand (no X-Forwarded-*) works from a real page: Chromium says Sec-Fetch-Site: same-origin', async () => {
    const dev = await viteDevProxy(await backend());
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${dev}/`);
      const fromPage = await page.evaluate(async ({ body, user }) => {
        const res = await fetch('/api/invitations/accept', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-test-user': user },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      }, { body: ACCEPT, user: ALICE });
      assert.equal(fromPage.status, 200, JSON.stringify(fromPage.body));
    } finally {
      await browser.close();
    }
    // The same request from a non-browser, which vouches for nothing, is refused.
    assert.equal((await accept(dev, dev)).status, 403);
  });
});

describe('behind a TLS terminator (https outside, http inside)', () => {
  test('X-Forwarded-Proto/Host with trustProxy: true accept the public https origin and refuse a foreign one', async () => {
    const edge = await forwarder(await backend({ trustProxy: true }), {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'app.example.com',
    });
    const ok = await accept(edge, 'https://app.example.com');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const foreign = await accept(edge, 'https://evil.example');
    assert.equal(foreign.status, 403);
    assert.match(foreign.body.error.message, /expected Origin https:\/\/app\.example\.com /);
    assert.doesNotMatch(foreign.body.error.message, /set trustProxy/, 'no advice to set what is already set');
    const plainHttp = await accept(edge, 'http://app.example.com');
    assert.equal(plainHttp.status, 403, 'the scheme counts');
  });

  test('RFC 7239 Forwarded with trustProxy: true', async () => {
    const edge = await forwarder(await backend({ trustProxy: true }), {
      forwarded: 'for=203.0.113.7;proto=https;host="app.example.com", for=10.0.0.2;proto=http;host=inner',
    });
    assert.equal((await accept(edge, 'https://app.example.com')).status, 200);
    const foreign = await accept(edge, 'https://inner');
    assert.equal(foreign.status, 403);
    assert.match(foreign.body.error.message, /expected Origin https:\/\/app\.example\.com \(this request's origin per Forwarded\)/);
  });

  test('without trustProxy forwarded headers are ignored: a client cannot forge its way in', async () => {
    const inside = await backend();
    const edge = await forwarder(inside, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example.com' });
    const refused = await accept(edge, 'https://app.example.com');
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, new RegExp(`expected Origin ${inside} \\(this request's own origin\\)`));
    assert.match(refused.body.error.message, /set trustProxy: true/);
    // Forged straight at the backend, the headers change nothing either.
    const forged = await accept(inside, 'https://evil.example', { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    assert.equal(forged.status, 403);
  });

  test('a malformed forwarded host is ignored rather than trusted', async () => {
    const inside = await backend({ trustProxy: true });
    const bad = await accept(inside, 'https://evil.example', { 'x-forwarded-host': 'evil.example/path@x', 'x-forwarded-proto': 'https' });
    assert.equal(bad.status, 403);
    assert.match(bad.body.error.message, new RegExp(`expected Origin https://${new URL(inside).host} `));
  });
});

describe('allowedOrigins and the error message', () => {
  test('allowedOrigins adds to the request’s own origin', async () => {
    const inside = await backend({ allowedOrigins: ['https://admin.example.com'] });
    assert.equal((await accept(inside, inside)).status, 200);
    assert.equal((await accept(inside, 'https://admin.example.com')).status, 200);
    const foreign = await accept(inside, 'https://evil.example');
    assert.equal(foreign.status, 403);
    assert.match(foreign.body.error.message, /\(this request's own origin\) or one of allowedOrigins but got https:\/\/evil\.example\./);
  });

  test('attacker input in the message is clipped and printable', async () => {
    const inside = await backend();
    const huge = `https://${'a'.repeat(5000)}.example`;
    const refused = await accept(inside, huge);
    assert.equal(refused.status, 403);
    assert.ok(refused.body.error.message.length < 400, `message of ${refused.body.error.message.length} characters`);
    assert.ok(!refused.body.error.message.includes('a'.repeat(100)));
    const missing = await accept(inside, null);
    assert.equal(missing.status, 403);
    assert.match(missing.body.error.message, /but got no Origin header\./);
  });

  test('getIdentity receives node:http’s own req and res', () => {
    assert.ok(natives.length > 0);
    assert.deepEqual(natives.filter((n) => !n.req || !n.res), []);
  });
});
