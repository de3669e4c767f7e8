/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import type { InviteInbox } from '../../src/elements/invite-inbox.js';
import { LIMITS } from '../../src/shared/view-model.js';
import { $, $$, acceptButton, dropAccept, mountLoaded, next, resetBackend, spend } from './inbox-fixtures.js';

// The test server's `/api/batch` proxy lists 250 open invitations (in-process provider, accepts
// remembered, above the default 100-item cap); it starts afresh on every reset.
const COUNT = 250;
const mountBatch = (locale?: string) => mountLoaded({ endpoint: '/api/batch', ...(locale && { locale }) });

/**
 * Passes every request on to the real network, recording each accept's IDs. `hold(n)` makes the
 * n-th accept request (1-based) wait until the returned release is called, so a test can look
 * at the element between batches; `afterAnswer(n, fn)` runs fn once the n-th accept has answered.
 */
function acceptNetwork(el: InviteInbox) {
  const sent: string[][] = [];
  const holds = new Map<number, { started: () => void; gate: Promise<void> }>();
  const answered = new Map<number, () => void>();
  el.fetcher = async (input, init) => {
    if (!String(input).endsWith('/accept')) return fetch(input, init);
    const n = sent.push((JSON.parse(String(init!.body)) as { invitationIds: string[] }).invitationIds);
    const hold = holds.get(n);
    if (hold) {
      hold.started();
      await hold.gate;
    }
    try {
      return await fetch(input, init);
    } finally {
      answered.get(n)?.();
    }
  };
  return {
    sent,
    hold(n: number): { started: Promise<void>; release: () => void } {
      let release!: () => void;
      let started!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const began = new Promise<void>((r) => (started = r));
      holds.set(n, { started, gate });
      return { started: began, release };
    },
    afterAnswer: (n: number, fn: () => void) => answered.set(n, fn),
  };
}

const selectAll = async (el: InviteInbox) => {
  $<HTMLInputElement>(el, '.bar input[type="checkbox"]')!.click();
  await el.updateComplete;
};
const acceptedCount = (el: InviteInbox) => el.invitations.filter((i) => i.status === 'accepted').length;
const status = (el: InviteInbox) => $(el, '[role="status"][aria-live="polite"]')!.textContent!.trim();
/** Every text the polite status region says while it is watched. */
function heard(el: InviteInbox): string[] {
  const said: string[] = [];
  new MutationObserver(() => said.push(status(el))).observe($(el, '[aria-live="polite"]')!, {
    childList: true,
    characterData: true,
    subtree: true,
  });
  return said;
}
const counter = (el: InviteInbox, type: 'invite-accept' | 'invite-accepted' | 'invite-error') => {
  const events: Event[] = [];
  el.addEventListener(type, (e) => events.push(e));
  return events;
};

describe('<invite-inbox> accepting more than 100 selected invitations', function () {
  this.timeout(30_000);

  beforeEach(() => resetBackend());

  it('sends 250 selected in 3 requests of at most 100, one invite-accept before and one invite-accepted after', async () => {
    const el = await mountBatch();
    expect(el.openCount).to.equal(COUNT);
    await selectAll(el);
    expect(acceptButton(el).textContent!.trim()).to.equal(`Accept (${COUNT})`);
    const net = acceptNetwork(el);
    const before = counter(el, 'invite-accept');
    const after = counter(el, 'invite-accepted');
    const said = heard(el);
    const second = net.hold(2);
    const done = next(el, 'invite-accepted');
    acceptButton(el).click();

    // Between batches: the first 100 already flipped to joined, progress on the button and announced.
    await second.started;
    await el.updateComplete;
    expect(acceptedCount(el)).to.equal(LIMITS.maxIds);
    expect($$(el, '.list > .card[data-state="joined"]').length).to.be.greaterThan(0);
    expect(acceptButton(el).textContent!.trim()).to.equal(`Joining 200 of ${COUNT}…`);
    expect(acceptButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect($(el, '.root')!.getAttribute('aria-busy')).to.equal('true');
    // Heard while it runs: the status region is in no busy container.
    expect(status(el)).to.equal(`Joining 200 of ${COUNT}…`);
    expect($(el, '[aria-live="polite"]')!.closest('[aria-busy="true"]')).to.equal(null);
    await expect(el).to.be.accessible();
    second.release();

    const ev = await done;
    expect(net.sent.map((ids) => ids.length)).to.deep.equal([100, 100, 50]);
    expect(new Set(net.sent.flat()).size).to.equal(COUNT);
    expect(before).to.have.length(1);
    expect((before[0] as HTMLElementEventMap['invite-accept']).ids).to.have.length(COUNT);
    expect(after).to.have.length(1);
    expect(ev.accepted).to.have.length(COUNT);
    expect(ev.failed).to.deep.equal([]);
    await el.updateComplete;
    expect(acceptedCount(el)).to.equal(COUNT);
    expect(said).to.include.members([`Joining 100 of ${COUNT}…`, `Joining 200 of ${COUNT}…`, `Joining 250 of ${COUNT}…`]);
    expect(status(el)).to.equal(`Joined ${COUNT} of ${COUNT}.`);
    expect($(el, '[role="alert"]')).to.equal(null);
    await expect(el).to.be.accessible();

    // The proxy kept them: a reload shows every one joined.
    await el.refresh();
    expect(el.openCount).to.equal(0);
  });

  it('stops when the connection drops in the middle batch: the joined stay joined, the rest stay selected, Accept finishes them', async () => {
    const el = await mountBatch();
    await selectAll(el);
    const net = acceptNetwork(el);
    const after = counter(el, 'invite-accepted');
    const errors = counter(el, 'invite-error');
    // A real drop: the test server cuts the connection of every accept from the second one on.
    net.afterAnswer(1, () => dropAccept(true));
    const done = next(el, 'invite-accepted');
    acceptButton(el).click();
    const ev = await done;
    await el.updateComplete;

    expect(net.sent.map((ids) => ids.length)).to.deep.equal([100, 100]);
    expect(ev.accepted).to.have.length(100);
    expect(after).to.have.length(1);
    expect(errors.map((e) => (e as HTMLElementEventMap['invite-error']).code)).to.deep.equal(['network']);
    expect(acceptedCount(el)).to.equal(100);
    expect(acceptButton(el).textContent!.trim()).to.equal('Accept (150)');
    const alerts = $$(el, '[role="alert"]');
    expect(alerts).to.have.length(1);
    const message = alerts[0]!.textContent!.trim();
    expect(message).to.equal("Joined 100 of 250 — 150 still to join. Can't reach the server. Check your connection and try again.");
    // Said once: by the alert, not also by the status region.
    expect(status(el)).to.not.include('Joined 100');
    await expect(el).to.be.accessible();

    dropAccept(false);
    const retried = next(el, 'invite-accept');
    const finished = next(el, 'invite-accepted');
    acceptButton(el).click();
    expect((await retried).ids).to.have.length(150);
    expect((await finished).accepted).to.have.length(150);
    await el.updateComplete;
    expect(net.sent.slice(2).map((ids) => ids.length)).to.deep.equal([100, 50]);
    expect(net.sent.slice(2).flat()).to.not.include.members(net.sent[0]!);
    expect(acceptedCount(el)).to.equal(COUNT);
    expect($(el, '[role="alert"]')).to.equal(null);
  });

  it('sends nothing extra for clicks while the batches run', async () => {
    const el = await mountBatch();
    await selectAll(el);
    const net = acceptNetwork(el);
    const before = counter(el, 'invite-accept');
    const second = net.hold(2);
    const done = next(el, 'invite-accepted');
    acceptButton(el).dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    acceptButton(el).click();
    acceptButton(el).click();
    await second.started;
    await el.updateComplete;
    acceptButton(el).click();
    void el.acceptSelected();
    void el.accept(['batch-249']);
    second.release();
    await done;
    await el.updateComplete;
    expect(before).to.have.length(1);
    expect(net.sent.map((ids) => ids.length)).to.deep.equal([100, 100, 50]);
    expect(acceptedCount(el)).to.equal(COUNT);
  });

  it('stops at a 429 part-way and sends nothing more until Retry-After has passed', async () => {
    const el = await mountBatch();
    // Spend 29 of the 30 accepts a minute the proxy allows by default: the second batch is the 31st.
    await spend(29, '/api/batch/accept', { invitationIds: ['batch-missing'] });
    await selectAll(el);
    const net = acceptNetwork(el);
    const error = next(el, 'invite-error');
    acceptButton(el).click();
    expect((await error).status).to.equal(429);
    await el.updateComplete;
    expect(acceptedCount(el)).to.equal(100);
    expect($(el, '[role="alert"]')!.textContent!.trim()).to.match(
      /^Joined 100 of 250 — 150 still to join\. Too many requests — try again in \d+ seconds\.$/,
    );
    await el.acceptSelected();
    expect(net.sent).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('says the progress and the outcome in the page language', async () => {
    const el = await mountBatch('es');
    await selectAll(el);
    await waitUntil(() => acceptButton(el).textContent!.trim() === `Aceptar (${COUNT})`, 'the Spanish messages');
    const net = acceptNetwork(el);
    const second = net.hold(2);
    const done = next(el, 'invite-accepted');
    acceptButton(el).click();
    await second.started;
    await el.updateComplete;
    expect(acceptButton(el).textContent!.trim()).to.equal('Uniéndote: 200 de 250…');
    second.release();
    await done;
    await el.updateComplete;
    expect(status(el)).to.equal('Te uniste a 250 de 250.');
    el.locale = 'en';
    await el.updateComplete;
  });

  it('keeps 100 selected to one request', async () => {
    const el = await mountBatch();
    const net = acceptNetwork(el);
    const done = next(el, 'invite-accepted');
    void el.accept(el.invitations.slice(0, LIMITS.maxIds).map((i) => i.id));
    await el.updateComplete;
    expect(acceptButton(el).textContent!.trim()).to.equal('Accepting…');
    expect((await done).accepted).to.have.length(LIMITS.maxIds);
    expect(net.sent.map((ids) => ids.length)).to.deep.equal([LIMITS.maxIds]);
  });
});
