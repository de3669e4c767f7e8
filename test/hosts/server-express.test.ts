/**
 * Express 5 + express-session, installed from the packed tarball into a fresh
 * TypeScript app, type-checked strictly and built with tsc: a login route sets
 * `req.session.user`, the proxy reads it from `getIdentity`'s `{ req }`, and
 * real Chromium accepts an invitation with the host page's own handler observed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { launchChromium } from '../support/chromium.js';
import { listAndAccept } from './support/server-checks.js';
import { expressAppFiles } from './support/server-express-app.js';
import { typecheck } from './support/server-pack.js';
import { acceptDesignGuild, createApp, startChildServer, versionOf, type ChildServer } from './support/web-app.js';

const API_KEY = 'sk-express-host';
let app: string;
let emulator: RunningEmulator;
let server: ChildServer;

before(async () => {
  app = await createApp('express-host', expressAppFiles, {
    express: versionOf('express'),
    'express-session': versionOf('express-session'),
    '@types/express': versionOf('@types/express'),
    '@types/express-session': versionOf('@types/express-session'),
    '@types/node': versionOf('@types/node'),
  });
  // tsc is the app's build tool: strict, no skipLibCheck, emitting what node runs.
  await typecheck(app, ['server.ts'], { noEmit: false, outDir: 'build', types: ['node'] });
  emulator = await startEmulator({ port: 0, apiKey: API_KEY });
  server = await startChildServer(process.execPath, ['build/server.js'], app, { UPSTREAM_URL: emulator.url, UPSTREAM_API_KEY: API_KEY });
}, { timeout: 8 * 60_000 });

after(async () => {
  await server?.close();
  await emulator?.close();
});

async function login(email: string): Promise<string> {
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  assert.equal(res.status, 200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('connect.sid='));
  assert.ok(cookie, 'express-session set its cookie');
  return cookie.split(';')[0]!;
}

test('identity comes from req.session: list and accept over HTTP', async () => {
  await listAndAccept(server.url, await login('alice@acme.com'), { url: emulator.url, apiKey: API_KEY }, 'inv_alice_apollo');
});

test('in Chromium: sign in, accept, the host page’s own invite-accepted handler runs', { timeout: 2 * 60_000 }, async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    const signedIn = await page.evaluate(async () => {
      const res = await fetch('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'alice@acme.com' }),
      });
      return res.status;
    });
    assert.equal(signedIn, 200);
    await page.reload();

    await acceptDesignGuild(page);
    await page.locator('#joined li').waitFor();
    assert.deepEqual(await page.locator('#joined li').allTextContents(), ['joined Design Guild']);
    await page.locator('invite-inbox [part="card"][data-state="joined"]').first().waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
