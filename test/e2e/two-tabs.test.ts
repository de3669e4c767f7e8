/**
 * Issue 11 in the demo, as a user meets it: two tabs of one signed-in user
 * staying in step without a reload, and the "fake invitation email" links.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { demoStack } from '../support/demo-stack.js';

const API_KEY = 'two-tabs-key';
const stack = demoStack({ emulatorApiKey: API_KEY });

/** One browser profile (shared cookies, like two tabs) signed in as `email`. */
const profile = (email: string): Promise<BrowserContext> => stack.signedIn(email);

async function openInbox(ctx: BrowserContext, path = '/'): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(path);
  await page.locator('invite-inbox [part~="card"]').first().waitFor();
  return page;
}

describe('two tabs of one user', () => {
  test('accepting, declining and hiding in one tab updates the other without a reload', async () => {
    const ctx = await profile('alice@acme.com');
    const [one, two] = [await openInbox(ctx), await openInbox(ctx)];
    // Marks this document: a reload would lose it.
    await two.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    await one.locator('invite-inbox [data-id="inv_alice_design"] [part="accept-button"]').click();
    await two.locator('invite-inbox [data-id="inv_alice_design"][data-state="joined"]').waitFor();

    await one.locator('invite-inbox [data-id="inv_alice_apollo"] [part="decline-button"]').click();
    await two.locator('invite-inbox [data-id="inv_alice_apollo"]').waitFor({ state: 'detached' });

    const offer = one.locator('invite-inbox [part~="card"][data-state="autojoin"]').first();
    const offerId = await offer.getAttribute('data-id');
    await offer.locator('[part="decline-button"]').click();
    await two.locator(`invite-inbox [data-id="${offerId}"]`).waitFor({ state: 'detached' });

    assert.equal(await two.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'the second tab never reloaded');
    await ctx.close();
  });

  test('a new invitation shows when the tab comes back after a while', async () => {
    const ctx = await profile('erin@gmail.com');
    const page = await openInbox(ctx);
    await page.evaluate(() => document.querySelector('invite-inbox')!.setAttribute('refresh-after', '0.2'));
    // A string, not a function: tsx's name helpers do not exist in the page.
    const setVisibility = (state: string) =>
      page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, value: '${state}' });
        document.dispatchEvent(new Event('visibilitychange'));`);
    await setVisibility('hidden');
    const res = await ctx.request.post(`${stack.demo.emulatorUrl}/api/v1/invitations`, {
      headers: { 'x-api-key': API_KEY },
      data: {
        widgetConfigurationId: 'widget-e2e',
        target: { type: 'email', value: 'erin@gmail.com' },
        inviter: { userId: 'inviter-1', name: 'Test Inviter' },
        groups: [{ type: 'workspace', groupId: 'late', name: 'Late Arrivals' }],
      },
    });
    assert.ok(res.ok(), `create invitation: ${res.status()}`);
    await page.waitForTimeout(300);
    await setVisibility('visible');
    await page.locator('invite-inbox [part="title"]', { hasText: 'Late Arrivals' }).waitFor();
    await ctx.close();
  });
});

describe('the fake invitation email', () => {
  test("opens the user's own invitation scrolled to, selected and focused", async () => {
    const ctx = await profile('dana@globex.com');
    const page = await ctx.newPage();
    await page.goto('/');
    await page.locator('#email-own').click();
    const card = page.locator('invite-inbox [data-id="inv_dana_hobby"][data-deep-link]');
    await card.waitFor();
    await page.waitForFunction(() => {
      const root = document.querySelector('invite-inbox')!.shadowRoot!;
      return root.activeElement === root.querySelector('[data-id="inv_dana_hobby"] input');
    });
    assert.equal(await card.locator('input.check').isChecked(), true);
    assert.match((await card.locator('[part="sent-to"]').textContent()) ?? '', /Sent to dana\.rivera@gmail\.com/);
    await ctx.close();
  });

  test("says someone else's invitation went to a masked address, nothing more", async () => {
    const ctx = await profile('dana@globex.com');
    const page = await ctx.newPage();
    await page.goto('/');
    await page.locator('#email-foreign').click();
    const notice = page.locator('invite-inbox [part="notice"]');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    assert.match(text, /sent to a\S*@acme\.com — sign in with that address/);
    assert.doesNotMatch(text, /alice@acme\.com/);
    await ctx.close();
  });
});
