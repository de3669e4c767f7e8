/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { InviteLoadEvent } from '../../src/elements/invite-inbox.js';
import { $, card, countingFetch, declineButton, injectFault, mountLoaded, next, resetBackend, signIn, titles } from './inbox-fixtures.js';

describe('<invite-inbox> decline, dismiss and reloads', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  after(() => signIn(null));

  it('fires invite-load with the views, bubbling and composed', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const loaded = next(wrapper, 'invite-load');
    wrapper.append(document.createElement('invite-inbox'));
    const ev = await loaded;
    expect(ev).to.be.instanceOf(InviteLoadEvent);
    expect(ev.composed).to.equal(true);
    expect(ev.invitations.map((i) => i.id)).to.include('inv_alice_design');
  });

  it('declines an invitation where the proxy supports it', async () => {
    const el = await mountLoaded();
    const net = countingFetch();
    el.fetcher = net.fetch;
    const decline = declineButton(el, 'inv_alice_apollo');
    expect(decline.getAttribute('aria-label')).to.equal('Decline Project Apollo');
    const ev = next(el, 'invite-decline');
    decline.click();
    const declined = await ev;
    expect(declined.invitation.id).to.equal('inv_alice_apollo');
    expect(net.calls.map((c) => `${c.method} ${new URL(c.url, location.href).pathname}`)).to.deep.equal([
      'POST /api/invitations/inv_alice_apollo/decline',
    ]);
    await el.updateComplete;
    expect(titles(el)).to.not.include('Project Apollo');
    expect($(el, '[aria-live="polite"]')!.textContent).to.contain('Declined Project Apollo');
    // Gone upstream too.
    await el.refresh();
    expect(el.invitations.map((i) => i.id)).to.not.include('inv_alice_apollo');
    // No decline offered where the view says it cannot.
    expect(card(el, 'inv_autojoin_acme').textContent).to.not.contain('Decline');
  });

  it('reports a failed decline and keeps the card', async () => {
    const el = await mountLoaded();
    await injectFault({ status: 500, times: 1 });
    const error = next(el, 'invite-error');
    declineButton(el, 'inv_alice_apollo').click();
    const ev = await error;
    expect(ev.phase).to.equal('decline');
    expect(ev.status).to.be.greaterThanOrEqual(500);
    await el.updateComplete;
    expect($(el, '[role="alert"]')!.textContent).to.contain("Couldn't decline");
    expect(titles(el)).to.include('Project Apollo');
    await expect(el).to.be.accessible();
  });

  it('hides an autojoin offer on "Not interested", per user and endpoint, with an event', async () => {
    const el = await mountLoaded();
    const ev = next(el, 'invite-dismiss');
    declineButton(el, 'inv_autojoin_acme').click();
    const dismissed = await ev;
    expect(dismissed.invitation.id).to.equal('inv_autojoin_acme');
    await el.updateComplete;
    expect(titles(el)).to.not.include('Acme Corp');
    expect(el.openCount).to.equal(2);

    // Remembered across reloads of the page for this user…
    const again = await mountLoaded();
    expect(titles(again)).to.not.include('Acme Corp');
    const keys = Object.keys(localStorage);
    expect(keys).to.have.length(1);
    expect(keys[0]).to.contain('/api/invitations');
    expect(keys[0]).to.not.contain('alice');

    // …but not for another user with the same offer.
    signIn('frank@acme.com');
    const frank = await mountLoaded();
    expect(titles(frank)).to.include('Acme Corp');
  });

  it('aborts a load in flight when the next one starts, and shows only the latest', async () => {
    const el = await mountLoaded();
    const net = countingFetch();
    el.fetcher = net.fetch;
    let loads = 0;
    el.addEventListener('invite-load', () => loads++);
    await injectFault({ latencyMs: 300, times: 1 });
    void el.refresh();
    await new Promise((r) => requestAnimationFrame(r));
    const last = el.refresh();
    await last;
    expect(net.calls).to.have.length(2);
    expect(net.calls[0]!.signal!.aborted).to.equal(true);
    expect(net.calls[1]!.signal!.aborted).to.equal(false);
    expect(loads).to.equal(1);
  });

  it('reloads from the new endpoint when `endpoint` changes', async () => {
    const el = await mountLoaded();
    const net = countingFetch();
    el.fetcher = net.fetch;
    const loaded = next(el, 'invite-load');
    el.setAttribute('endpoint', '/api/invitations/');
    await loaded;
    expect(net.calls.map((c) => c.url)).to.deep.equal(['/api/invitations/']);
  });

  it('sends the host headers and credentials mode on every request', async () => {
    signIn(null);
    const seen: RequestInit[] = [];
    const el = await mountLoaded({}, (inbox) => {
      inbox.headers = { 'x-trace': 'abc' };
      inbox.credentials = 'omit';
      // A bearer-token host: the hook signs requests; here it maps the token to the test identity.
      inbox.fetcher = (input, init) => {
        seen.push(init!);
        document.cookie = 'test-user=erin%40gmail.com; path=/';
        return fetch(input, { ...init, credentials: 'same-origin' });
      };
    });
    expect(new Headers(seen[0]!.headers).get('x-trace')).to.equal('abc');
    expect(seen[0]!.credentials).to.equal('omit');
    expect(el.invitations.map((i) => i.id)).to.deep.equal(['inv_erin_design']);
  });
});
