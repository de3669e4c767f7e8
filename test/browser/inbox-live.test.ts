/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/invite-inbox.js';
import '../../src/elements/invite-prompt.js';
import {
  $,
  card,
  countingFetch,
  createInvitation,
  declineButton,
  joinButton,
  mountLoaded,
  mountPrompt,
  next,
  resetBackend,
  signIn,
  titles,
} from './inbox-fixtures.js';

/** The page as hidden or visible, as the browser reports it when the user switches tabs. */
function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<invite-inbox> live across tabs and time', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  afterEach(() => {
    delete (document as { visibilityState?: unknown }).visibilityState;
  });
  after(() => signIn(null));

  it('an accept and a decline in one inbox show at once in another of the same user, without a request', async () => {
    const a = await mountLoaded();
    const b = await mountLoaded();
    expect(a.viewerKey).to.be.a('string').and.equal(b.viewerKey);
    const net = countingFetch();
    b.fetcher = net.fetch;
    const synced = next(b, 'invite-sync');
    joinButton(a, 'inv_alice_design').click();
    expect((await synced).ids).to.deep.equal(['inv_alice_design']);
    await b.updateComplete;
    expect(card(b, 'inv_alice_design').dataset.state).to.equal('joined');

    const declined = next(b, 'invite-sync');
    declineButton(a, 'inv_alice_apollo').click();
    expect((await declined).action).to.equal('declined');
    await b.updateComplete;
    expect(titles(b)).to.not.include('Project Apollo');
    expect(net.calls).to.have.length(0);
    await expect(b).to.be.accessible();
  });

  it('a "Not interested" in one inbox hides the offer in the other', async () => {
    signIn('carol@initech.com');
    const a = await mountLoaded();
    const b = await mountLoaded();
    const [offer] = b.invitations;
    const synced = next(b, 'invite-sync');
    declineButton(a, offer!.id).click();
    await synced;
    await b.updateComplete;
    expect(b.invitations).to.have.length(0);
  });

  it('does not cross to another user', async () => {
    const a = await mountLoaded();
    const sameUser = await mountLoaded();
    signIn('carol@initech.com');
    const b = await mountLoaded();
    expect(b.viewerKey).to.not.equal(a.viewerKey);
    let heard = false;
    b.addEventListener('invite-sync', () => (heard = true));
    // Alice again for a's request (the cookie is the session).
    signIn('alice@acme.com');
    const accepted = next(a, 'invite-accepted');
    const reachedAlice = next(sameUser, 'invite-sync');
    joinButton(a, 'inv_alice_design').click();
    expect((await accepted).accepted.map((i) => i.id)).to.deep.equal(['inv_alice_design']);
    // The message reached Alice's other inbox, so Carol's would have heard it by now too.
    await reachedAlice;
    expect(heard).to.equal(false);
  });

  it('closes <invite-prompt> when another tab handled everything', async () => {
    signIn('carol@initech.com');
    const prompt = await mountPrompt('invite-prompt-open', (p) => (p.completeDelay = 0));
    const other = await mountLoaded();
    const closed = next(prompt, 'invite-prompt-close');
    declineButton(other, other.invitations[0]!.id).click();
    expect((await closed).reason).to.equal('completed');
    expect(prompt.open).to.equal(false);
  });

  it('reloads when the tab comes back after being hidden longer than refresh-after', async () => {
    const el = await mountLoaded({ 'refresh-after': '0.2' });
    setVisibility('hidden');
    await createInvitation({ email: 'alice@acme.com', scope: 'fresh', scopeName: 'Fresh Team' });
    await sleep(300);
    const loaded = next(el, 'invite-load');
    setVisibility('visible');
    await loaded;
    await el.updateComplete;
    expect(titles(el)).to.include('Fresh Team');
  });

  it('does not reload after a short absence, nor with refresh-after="0", nor while hidden', async () => {
    const short = await mountLoaded({ 'refresh-after': '60' });
    const off = await mountLoaded({ 'refresh-after': '0' });
    // Its threshold passes early while hidden: it still waits for the tab to come back.
    const soon = await mountLoaded({ 'refresh-after': '0.05' });
    let loads = 0;
    for (const el of [short, off]) el.addEventListener('invite-load', () => loads++);
    const net = countingFetch();
    const soonNet = countingFetch();
    short.fetcher = off.fetcher = net.fetch;
    soon.fetcher = soonNet.fetch;
    setVisibility('hidden');
    await sleep(600);
    expect(net.calls.length + soonNet.calls.length, 'no polling while hidden').to.equal(0);
    const soonLoaded = next(soon, 'invite-load');
    setVisibility('visible');
    await soonLoaded;
    await sleep(300);
    expect(soonNet.calls, 'one reload on return').to.have.length(1);
    expect(loads).to.equal(0);
    expect(net.calls).to.have.length(0);
  });
});

describe('<invite-inbox> preferences that follow the user', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('carol@initech.com');
  });
  after(() => signIn(null));

  it('keeps "Not interested" with the proxy where it stores preferences', async () => {
    const a = await mountLoaded({ endpoint: '/api/synced' });
    const id = a.invitations[0]!.id;
    const dismissed = next(a, 'invite-dismiss');
    declineButton(a, id).click();
    await dismissed;
    await waitUntil(async () => {
      const prefs = await (await fetch('/api/synced/preferences')).json();
      return prefs.dismissed.includes(id);
    }, 'the dismissal never reached the proxy', { timeout: 4000 });
    // Another device: nothing in this browser's storage.
    localStorage.clear();
    const b = await mountLoaded({ endpoint: '/api/synced' });
    expect(b.invitations.map((i) => i.id)).to.not.include(id);
    expect($(b, '[part="card"]')).to.equal(null);
  });

  it('sends dismissals kept only in this browser to the proxy on load', async () => {
    const a = await mountLoaded({ endpoint: '/api/synced' });
    const id = a.invitations[0]!.id;
    localStorage.setItem(`invite-inbox:dismissed:${a.viewerKey}:/api/synced`, JSON.stringify([id]));
    const b = await mountLoaded({ endpoint: '/api/synced' });
    expect(b.invitations).to.have.length(0);
    await waitUntil(async () => (await (await fetch('/api/synced/preferences')).json()).dismissed.includes(id), 'not merged', {
      timeout: 4000,
    });
  });

  it("keeps the prompt's snooze with the proxy, so it stays closed on another device", async () => {
    const first = await mountPrompt('invite-prompt-open', (p) => (p.endpoint = '/api/synced'));
    first.shadowRoot!.querySelector<HTMLButtonElement>('[part="not-now"]')!.click();
    await waitUntil(async () => (await (await fetch('/api/synced/preferences')).json()).snoozedUntil, 'no snooze stored', {
      timeout: 4000,
    });
    localStorage.clear();
    const second = await mountPrompt('invite-load', (p) => (p.endpoint = '/api/synced'));
    await sleep(50);
    expect(second.open).to.equal(false);
    expect(second.snoozed).to.equal(true);
  });

  it('falls back to localStorage where the proxy keeps no preferences, and asks for none', async () => {
    expect((await fetch('/api/invitations/preferences')).status).to.equal(501);
    performance.clearResourceTimings();
    const asked = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/preferences')).length;
    const a = await mountLoaded();
    const id = a.invitations[0]!.id;
    const dismissed = next(a, 'invite-dismiss');
    declineButton(a, id).click();
    await dismissed;
    const b = await mountLoaded();
    expect(b.invitations).to.have.length(0);
    localStorage.clear();
    const c = await mountLoaded();
    expect(c.invitations.map((i) => i.id)).to.include(id);
    expect(asked(), 'requests to /preferences').to.equal(0);
  });
});
