/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { InvitationView } from '../../src/shared/view-model.js';
import type { InviteInbox } from '../../src/elements/invite-inbox.js';
import { deepActive, hiddenBy, tabThrough } from './inbox-a11y-support.js';
import { $, $$, acceptButton, card, createInvitation, declineButton, dropAccept, mountLoaded, next, pressAndWait, resetBackend, signIn } from './inbox-fixtures.js';

/** An inbox after a "Start" button, where a keyboard user's tabbing begins. */
async function mountWithStart(): Promise<{ el: InviteInbox; start: HTMLButtonElement }> {
  const el = await mountLoaded({}, (_, wrapper) => (wrapper.innerHTML = '<button id="start">Start</button>'));
  return { el, start: el.parentElement!.querySelector('button')! };
}

/** Layout, the clamp measurement and the frame it writes in. */
const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))));

describe('<invite-inbox> accessibility and layout', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
    await setViewport({ width: 800, height: 600 });
  });
  after(async () => {
    signIn(null);
    await setViewport({ width: 800, height: 600 });
  });

  it('accepts two invitations keyboard-only at 320×640 with every focus stop fully visible', async function () {
    this.timeout(30_000);
    await setViewport({ width: 320, height: 640 });
    const { el, start } = await mountWithStart();
    start.focus();
    expect(getComputedStyle($(el, '.bar')!).position).to.equal('sticky');
    let checked = 0;
    const stops = await tabThrough(
      () => deepActive() === acceptButton(el),
      async (e) => {
        if (checked < 2 && e.matches('input.check')) {
          await sendKeys({ press: 'Space' });
          checked++;
        }
      },
    );
    expect(stops.length).to.be.greaterThan(6);
    expect(acceptButton(el).textContent).to.contain('Accept (2)');
    const accepted = next(el, 'invite-accepted');
    await sendKeys({ press: 'Space' });
    expect((await accepted).accepted.map((i) => i.id)).to.deep.equal(['inv_alice_design', 'inv_alice_apollo']);
    await el.updateComplete;
    expect(hiddenBy(deepActive()!), 'focus after accepting').to.equal('');
    await expect(el).to.be.accessible();
  });

  for (const [w, h] of [
    [1366, 768],
    [320, 180],
  ] as const) {
    it(`keeps every focus stop fully visible at ${w}×${h}`, async function () {
      this.timeout(30_000);
      // Enough cards that the list runs past the viewport and under the bar at either size.
      for (let i = 0; i < 6; i++) await createInvitation({ email: 'alice@acme.com', scope: `team${i}`, scopeName: `Team ${i}` });
      await setViewport({ width: w, height: h });
      const { el, start } = await mountWithStart();
      expect(document.documentElement.scrollHeight, 'the page scrolls').to.be.greaterThan(innerHeight * 1.5);
      if (h > 600) expect(getComputedStyle($(el, '.bar')!).position, 'the bar is sticky here').to.equal('sticky');
      start.focus();
      const selectAll = $(el, '.bar input');
      await tabThrough(() => deepActive() === selectAll);
      expect(deepActive() === selectAll, 'focus on "Select all"').to.equal(true);
    });
  }

  it('shows a failed accept in the sticky bar, in view on a long list, and focus stays clear of the taller bar', async function () {
    this.timeout(30_000);
    await setViewport({ width: 320, height: 640 });
    // 250 cards: after the list, where it used to be, the alert was thousands of pixels below the view.
    const el = await mountLoaded({ endpoint: '/api/batch' });
    $<HTMLInputElement>(el, '.bar input')!.click();
    await el.updateComplete;
    dropAccept(true);
    const failed = next(el, 'invite-error');
    acceptButton(el).focus();
    await sendKeys({ press: 'Enter' });
    await failed;
    await el.updateComplete;
    await frames();
    const alert = $(el, '[role="alert"]')!;
    expect(alert.closest('.bar'), 'the alert is in the action bar').to.not.equal(null);
    expect(hiddenBy(alert), 'the alert').to.equal('');
    expect(hiddenBy(deepActive()!), 'focus after the failure').to.equal('');
    // The bar is taller now: tabbing on down the cards from the top, every stop stays fully visible.
    const first = $<HTMLInputElement>(el, 'input.check')!;
    first.focus();
    await frames();
    const stops = await tabThrough(() => false, undefined, 10);
    expect(stops.filter((s) => s.startsWith('input')).length, 'cards tabbed through').to.be.greaterThan(2);
    await expect(el).to.be.accessible();
  });

  it('stops the action bar being sticky on a short viewport (400 % zoom)', async () => {
    await setViewport({ width: 320, height: 180 });
    const el = await mountLoaded();
    expect(getComputedStyle($(el, '.bar')!).position).to.equal('static');
  });

  it('focuses the empty-state panel, not <body>, after hiding the last item under a host header', async () => {
    signIn('carol@initech.com');
    const el = await mountLoaded({}, (inbox) => (inbox.innerHTML = '<h2 slot="header">Your teams</h2>'));
    await pressAndWait(el, declineButton(el, 'inv_autojoin_initech'), 'invite-dismiss');
    expect(document.activeElement === el, 'focus inside the inbox').to.equal(true);
    expect(el.shadowRoot!.activeElement === $(el, '.panel'), 'focus on the empty-state panel').to.equal(true);
    expect(el.shadowRoot!.activeElement!.textContent).to.contain('No open invitations');
    await expect(el).to.be.accessible();
  });

  it('focuses something inside the inbox after declining the last item under host header and empty slots', async () => {
    signIn('erin@gmail.com');
    const el = await mountLoaded({}, (inbox) => (inbox.innerHTML = '<h2 slot="header">Your teams</h2><p slot="empty">Nothing here</p>'));
    const buttons = $$<HTMLButtonElement>(el, '[part="decline-button"]');
    expect(buttons).to.have.length(1);
    await pressAndWait(el, buttons[0]!, 'invite-decline');
    expect(document.activeElement === el, 'focus inside the inbox').to.equal(true);
    // Both slots replace the heading and the empty panel: the inbox's own container is what is left.
    expect(el.shadowRoot!.activeElement === $(el, '.root'), 'focus on the inbox container').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('announces a failed accept once, in the alert only', async () => {
    const el = await mountLoaded();
    const said: string[] = [];
    const regions = () => $$(el, '[role="status"], [role="alert"], [aria-live]');
    const seen = new Map<Element, string>();
    const record = () => {
      for (const r of regions()) {
        const t = r.textContent!.trim();
        if (t && seen.get(r) !== t) said.push(t);
        seen.set(r, t);
      }
    };
    record();
    said.length = 0;
    const observer = new MutationObserver(record);
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    dropAccept(true);
    const failed = next(el, 'invite-error');
    await el.accept(['inv_alice_design']);
    await failed;
    await el.updateComplete;
    record();
    observer.disconnect();
    const errors = said.filter((t) => /reach the server|accept/i.test(t));
    expect(errors).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('renders no blockquote for a card without a message', async () => {
    const el = await mountLoaded();
    const apollo = card(el, 'inv_alice_apollo');
    expect(apollo.querySelector('blockquote')).to.equal(null);
    expect(card(el, 'inv_alice_design').querySelector('blockquote')!.textContent).to.contain('onboarding');
    await expect(el).to.be.accessible();
  });

  it('offers "Show more" / "Show less" for a message cut at four lines', async () => {
    const long = Array.from({ length: 12 }, (_, i) => `Line ${i + 1} of a long note about the team.`).join('\n');
    await createInvitation({ email: 'alice@acme.com', scope: 'long-note', scopeName: 'Long Note', message: long });
    const el = await mountLoaded();
    const msgOf = (id: string) => card(el, id).querySelector<HTMLElement>('.message')!;
    const moreOf = (id: string) => card(el, id).querySelector<HTMLButtonElement>('.more')!;
    const id = $$(el, '.card').find((c) => c.textContent!.includes('Long Note'))!.dataset.id!;
    await frames();
    expect(moreOf('inv_alice_design').hidden, 'a short message needs no toggle').to.equal(true);
    const more = moreOf(id);
    expect(more.hidden).to.equal(false);
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(more.textContent!.trim()).to.equal('Show more');
    const clamped = msgOf(id).getBoundingClientRect().height;
    await expect(el).to.be.accessible();
    more.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    expect(more.textContent!.trim()).to.equal('Show less');
    expect(msgOf(id).getBoundingClientRect().height).to.be.greaterThan(clamped + 20);
    expect(msgOf(id).scrollHeight).to.be.at.most(msgOf(id).clientHeight);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await frames();
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(more.hidden).to.equal(false);
    expect(msgOf(id).getBoundingClientRect().height).to.equal(clamped);
  });

  it('never breaks a word of "Not interested" at 320 px', async () => {
    await setViewport({ width: 320, height: 640 });
    // As on the demo page: the inbox inside a padded card inside a padded page.
    const el = await mountLoaded({}, (_, wrapper) => (wrapper.style.paddingInline = '24px'));
    const button = declineButton(el, 'inv_autojoin_acme');
    const text = [...button.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())!;
    const content = text.textContent!;
    for (const m of content.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(text, m.index);
      range.setEnd(text, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      expect(lines.size, `"${m[0]}" on one line`).to.equal(1);
    }
  });

  it('centres the "Select all" checkbox on its label', async () => {
    const el = await mountLoaded();
    const label = $(el, '.bar label')!;
    const box = label.querySelector('input')!.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents([...label.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())!);
    const text = range.getBoundingClientRect();
    expect(Math.abs(box.top + box.height / 2 - (text.top + text.height / 2))).to.be.at.most(2);
  });

  it('says how many more there are when the proxy capped the list', async () => {
    const view = (i: number): InvitationView => ({
      id: `inv-${i}`,
      kind: 'invitation',
      scope: { type: 'workspace', id: `w${i}`, name: `Workspace ${i}` },
      createdAt: new Date().toISOString(),
      status: 'pending',
      canDecline: false,
    });
    // The host's fetch hook stands in for a proxy with `maxItems: 3` over 3,000 invitations.
    const el = await mountLoaded({}, (inbox) => (inbox.fetcher = async () => Response.json({ invitations: [0, 1, 2].map(view), total: 3000 })));
    expect($(el, '[part="capped"]')!.textContent).to.contain('Showing 3 of 3,000');
    await expect(el).to.be.accessible();

    el.fetcher = async () => Response.json({ invitations: [0, 1, 2].map(view), total: 3 });
    await el.refresh();
    await el.updateComplete;
    expect($(el, '[part="capped"]')).to.equal(null);
  });

  it('shows "Joined" for an accept the proxy reports as ok for an already accepted ID', async () => {
    const view: InvitationView = {
      id: 'inv-done',
      kind: 'invitation',
      scope: { type: 'workspace', id: 'w', name: 'Retried Workspace' },
      createdAt: new Date().toISOString(),
      status: 'pending',
      canDecline: false,
    };
    // The reconciled answer of a retried accept that had already landed: ok, no invitation body.
    const el = await mountLoaded({}, (inbox) => {
      inbox.fetcher = async (url) =>
        String(url).endsWith('/accept') ? Response.json({ results: [{ id: 'inv-done', ok: true }] }) : Response.json({ invitations: [view] });
    });
    await el.accept(['inv-done']);
    await el.updateComplete;
    expect(card(el, 'inv-done').dataset.state).to.equal('joined');
    expect(card(el, 'inv-done').querySelector('.badge')!.textContent).to.equal('Joined');
    await expect(el).to.be.accessible();
  });
});
