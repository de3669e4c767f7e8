/**
 * The whole stack as a developer meets it after `npm start`: the demo host
 * app (session + proxy + pages) with an embedded emulator, driven in the
 * system Chromium.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { demoStack } from '../support/demo-stack.js';
import { DemoStartError, startDemo } from '../../demo/server.js';

const PAGES = ['/', '/prompt.html', '/events.html', '/themes.html', '/admin.html'];

const stack = demoStack();

/** A fresh browser profile signed in as `email` through the demo's own login route. */
async function signedIn(email: string | null, opts: { bypassCSP?: boolean } = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = email ? await stack.signedIn(email, opts) : await stack.browser.newContext({ baseURL: stack.demo.url, ...opts });
  return { ctx, page: await ctx.newPage() };
}

/**
 * Waits for every finite animation on the page, shadow roots included:
 * `document.getAnimations()` leaves out animations inside shadow trees, so it
 * alone lets axe sample a dialog still fading in (muted text then reads as
 * too light).
 */
async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (let i = 0; i < roots.length; i++) {
      for (const el of roots[i]!.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    const running = roots
      .flatMap((r) => r.getAnimations())
      .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(running.map((a) => a.finished));
  });
}

describe('demo host app', () => {
  test('login sets an HttpOnly session the proxy trusts; logout ends it', async () => {
    const anonymous = await fetch(`${stack.demo.url}/api/invitations`);
    assert.equal(anonymous.status, 401);

    const bad = await fetch(`${stack.demo.url}/demo/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email' }),
    });
    assert.equal(bad.status, 400);

    const login = await fetch(`${stack.demo.url}/demo/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'someone.new@example.net' }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const session = cookie.split(';')[0]!;

    const list = await fetch(`${stack.demo.url}/api/invitations`, { headers: { cookie: session } });
    assert.equal(list.status, 200);
    assert.deepEqual((await list.json()).invitations, []);

    const forged = await fetch(`${stack.demo.url}/api/invitations`, { headers: { cookie: `${session.slice(0, -2)}xx` } });
    assert.equal(forged.status, 401, 'a tampered cookie is no session');

    const crossSite = await fetch(`${stack.demo.url}/demo/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: 'alice@acme.com' }),
    });
    assert.equal(crossSite.status, 403, 'another site cannot sign a visitor in');

    const logout = await fetch(`${stack.demo.url}/demo/logout`, { method: 'POST', headers: { cookie: session } });
    assert.equal(logout.status, 200);
    assert.match(logout.headers.get('set-cookie') ?? '', /demo_session=;.*Max-Age=0/);

    const page = await fetch(`${stack.demo.url}/`);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  });

  test('select two, accept, see success and the invite-accepted event; reload shows them gone', async () => {
    await stack.resetUpstream();
    const { ctx, page } = await signedIn('alice@acme.com');
    try {
      await page.goto('/events.html');
      const design = page.getByRole('checkbox', { name: 'Select Design Guild' });
      const apollo = page.getByRole('checkbox', { name: 'Select Project Apollo' });
      await design.check();
      await apollo.check();
      await page.getByRole('button', { name: /Accept \(2\)/ }).click();

      const accepted = page.locator('#event-log li[data-event="invite-accepted"]');
      await accepted.waitFor();
      const logged = await accepted.locator('pre').textContent();
      assert.match(logged ?? '', /inv_alice_design/);
      assert.match(logged ?? '', /inv_alice_apollo/);
      await page.locator('invite-inbox [part="card"][data-state="joined"]').nth(1).waitFor();
      assert.equal(await page.locator('#event-log li[data-event="invite-accept"]').count(), 1);

      await page.reload();
      await page.locator('#event-log li[data-event="invite-load"]').waitFor();
      assert.equal(await design.count(), 0, 'Design Guild is no longer offered');
      assert.equal(await apollo.count(), 0, 'Project Apollo is no longer offered');
      const stillOpen = await page.evaluate(() =>
        document.querySelector('invite-inbox')!.invitations.filter((i) => i.status === 'pending').map((i) => i.id),
      );
      assert.ok(!stillOpen.includes('inv_alice_design') && !stillOpen.includes('inv_alice_apollo'));
      assert.ok(stillOpen.includes('inv_autojoin_acme'), 'the autojoin offer is still there');
    } finally {
      await ctx.close();
    }
  });

  test('the prompt opens after signup, and "Not now" keeps it closed, also after reload', async () => {
    await stack.resetUpstream();
    const { ctx, page } = await signedIn('carol@initech.com');
    try {
      await page.goto('/prompt.html');
      const dialog = page.getByRole('dialog', { name: 'Join your team' });
      await dialog.waitFor();
      await dialog.getByRole('checkbox', { name: /Initech/ }).waitFor();
      await dialog.getByRole('button', { name: 'Not now' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText(/Closed \(dismissed\)/).waitFor();

      await page.reload();
      await page.getByText(/Snoozed/).waitFor();
      assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog while snoozed');

      await page.getByRole('button', { name: 'Clear snooze and check again' }).click();
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await page.getByText(/Closed \(escape\)/).waitFor();
    } finally {
      await ctx.close();
    }
  });

  test('a user with nothing open sees no prompt', async () => {
    const { ctx, page } = await signedIn('dave@example.org');
    try {
      await page.goto('/prompt.html');
      await page.getByText('Nothing to join, so the prompt stayed closed.').waitFor();
      assert.equal(await page.getByRole('dialog').count(), 0);
    } finally {
      await ctx.close();
    }
  });

  test('the admin page manages the Acme workspace for its admin and refuses others', async () => {
    await stack.resetUpstream();
    const { ctx, page } = await signedIn('frank@acme.com');
    try {
      await page.goto('/admin.html');
      await page.getByRole('table', { name: 'Invitations' }).waitFor();
      const input = page.getByLabel('Add a domain');
      await input.fill('not a domain');
      await page.getByRole('button', { name: 'Add domain' }).click();
      await page.getByText(/is not a domain name/).waitFor();
      await input.fill('acme-labs.io');
      await page.getByRole('button', { name: 'Add domain' }).click();
      await page.getByRole('button', { name: 'Remove acme-labs.io' }).waitFor();

      const res = await page.request.get('/api/invitations/scopes/workspace/acme/autojoin');
      assert.ok(((await res.json()) as { domains: string[] }).domains.includes('acme-labs.io'), 'saved upstream');

      await page.request.post('/demo/login', { data: { email: 'alice@acme.com' } });
      await page.reload();
      await page.getByText('You need to be an admin of this workspace.').waitFor();
    } finally {
      await ctx.close();
    }
  });

  test('every demo page passes an axe scan, signed in and out', async () => {
    await stack.resetUpstream();
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const email of ['alice@acme.com', 'frank@acme.com', null]) {
      // The pages' CSP forbids inline scripts, which is how axe is injected.
      const { ctx, page } = await signedIn(email, { bypassCSP: true });
      try {
        for (const path of PAGES) {
          await page.goto(path);
          await page.waitForFunction(() => document.body.dataset.session !== undefined);
          if (email) {
            // Let the elements finish loading: their pending skeletons are not what users read.
            await page.waitForFunction(() =>
              [...document.querySelectorAll('invite-inbox, invite-scope-admin')].every(
                (el) => !el.shadowRoot?.querySelector('[aria-busy="true"]'),
              ),
            );
          }
          if (path === '/prompt.html' && email) {
            // The page reports what the prompt decided (opened, nothing to join, snoozed).
            await page.locator('#prompt-state', { hasNotText: 'opens by itself' }).waitFor();
            if (email === 'alice@acme.com') await page.getByRole('dialog').waitFor();
            // Contrast is judged on the settled dialog, not mid fade-in.
            await settleAnimations(page);
          }
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
            const result = await axe.run();
            return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
          });
          assert.deepEqual(violations, [], `${path} as ${email ?? 'signed out'}`);
        }
      } finally {
        await ctx.close();
      }
    }
  });

  test('a port in use gives a clear error, not a stack trace', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;

    await assert.rejects(
      startDemo({ port, emulatorPort: 0, host: '127.0.0.1', hmr: false }),
      (err: unknown) => err instanceof DemoStartError && /Port \d+ is already in use/.test(err.message),
    );

    const script = fileURLToPath(new URL('../../demo/server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', EMULATOR_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`Port ${port} is already in use`));
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });
});
