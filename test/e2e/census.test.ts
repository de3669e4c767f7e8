/**
 * The demo on the organisation-list ("census") API: `UPSTREAM_KIND=census`
 * with the embedded emulator (accepting claims the invitation through the
 * demo's `claim` hook), and the same API as an external upstream with no hook
 * (every card says why it could not be accepted).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { AcceptResponse } from '../../src/shared/view-model.js';
import { startDemo, type DemoServer } from '../../demo/server.js';


let browser: Browser;

before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

async function signedIn(demo: DemoServer, email: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL: demo.url });
  const page = await ctx.newPage();
  const res = await page.request.post('/demo/login', { data: { email } });
  assert.equal(res.status(), 200, `login as ${email}`);
  return { ctx, page };
}

/** The census records as the upstream itself lists them (bearer auth, snake_case). */
async function censusRecords(emulatorUrl: string): Promise<{ id: number; email: string; claimed_at: string | null }[]> {
  const res = await fetch(`${emulatorUrl}/census/api/v1/invitations?per_page=100`, {
    headers: { authorization: 'Bearer census-token' },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { data: { id: number; email: string; claimed_at: string | null }[] }).data;
}

describe('demo in census mode (embedded emulator, claim hook)', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemo({ port: 0, emulatorPort: 0, host: '127.0.0.1', hmr: false, kind: 'census' });
  });
  after(() => demo?.close());

  test('a user sees only their own unclaimed invitations, and accepting claims them', async () => {
    const before = await censusRecords(demo.emulatorUrl!);
    const open = before.filter((r) => r.email === 'alice@acme.com' && !r.claimed_at).map((r) => String(r.id));
    assert.ok(open.length > 0, 'the seed gives alice an unclaimed record');
    assert.ok(before.some((r) => r.email === 'alice@acme.com' && r.claimed_at), 'and a claimed one');

    const { ctx, page } = await signedIn(demo, 'alice@acme.com');
    try {
      await page.goto('/');
      const cards = page.locator('invite-inbox [part="card"]');
      await cards.first().waitFor();
      const shown = await page.evaluate(() => document.querySelector('invite-inbox')!.invitations.map((i) => i.id));
      assert.deepEqual(shown.sort(), [...open].sort(), 'exactly her unclaimed records');
      assert.equal(await cards.count(), open.length);
      assert.match((await cards.first().textContent()) ?? '', /Nimbus/);

      const answer = page.waitForResponse((r) => r.url().endsWith('/api/invitations/accept'));
      await page.getByRole('button', { name: 'Join Nimbus' }).first().click();
      const body = (await (await answer).json()) as AcceptResponse;
      assert.deepEqual(body.results.map((r) => r.ok), [true]);
      await page.locator('invite-inbox [part="card"][data-state="joined"]').waitFor();

      const after = await censusRecords(demo.emulatorUrl!);
      const claimed = after.find((r) => String(r.id) === body.results[0]!.id)!;
      assert.ok(claimed.claimed_at, 'claimed upstream');

      await page.reload();
      await page.waitForFunction(() => document.querySelector('invite-inbox')?.invitations !== undefined);
      await page.waitForFunction(
        () => !document.querySelector('invite-inbox')!.shadowRoot!.querySelector('[aria-busy="true"]'),
      );
      const left = await page.evaluate(() => document.querySelector('invite-inbox')!.invitations.map((i) => i.id));
      assert.ok(!left.includes(body.results[0]!.id), 'a claimed invitation is no longer offered');
    } finally {
      await ctx.close();
    }
  });
});

describe('demo on an external census upstream (no claim hook)', () => {
  let demo: DemoServer;
  let upstream: Awaited<ReturnType<typeof startEmulator>>;
  before(async () => {
    upstream = await startEmulator({ port: 0 });
    demo = await startDemo({
      port: 0,
      host: '127.0.0.1',
      hmr: false,
      upstream: { url: `${upstream.url}/census`, apiKey: 'census-token', kind: 'census' },
    });
  });
  after(async () => {
    await demo?.close();
    await upstream?.close();
  });

  test('accept answers per card that this service cannot accept here, and claims nothing', async () => {
    const { ctx, page } = await signedIn(demo, 'carol@initech.com');
    try {
      await page.goto('/');
      const card = page.locator('invite-inbox [part="card"]').first();
      await card.waitFor();
      const id = await page.evaluate(() => document.querySelector('invite-inbox')!.invitations[0]!.id);

      const answer = page.waitForResponse((r) => r.url().endsWith('/api/invitations/accept'));
      await page.getByRole('button', { name: /^Join / }).first().click();
      const body = (await (await answer).json()) as AcceptResponse;
      assert.equal(body.results.length, 1);
      assert.equal(body.results[0]!.ok, false);
      assert.equal(body.results[0]!.error?.code, 'not_supported');
      assert.match(body.results[0]!.error?.message ?? '', /cannot accept invitations here/);

      // The failure is shown on the card itself, not as a page-wide error.
      const failed = page.locator(`invite-inbox [part="card"][data-state="failed"]`);
      await failed.waitFor();
      // Retrying cannot help, so the card must not suggest it.
      assert.match((await failed.locator('[part="error"]').textContent()) ?? '', /can't be accepted here/);

      const records = await censusRecords(upstream.url);
      assert.equal(records.find((r) => String(r.id) === id)?.claimed_at, null, 'nothing claimed upstream');
    } finally {
      await ctx.close();
    }
  });
});
