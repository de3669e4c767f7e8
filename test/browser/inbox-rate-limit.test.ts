/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { $, countingFetch, joinButton, mountLoaded, next, resetBackend, signIn, spend } from './inbox-fixtures.js';

describe('<invite-inbox> when the proxy says "too many requests"', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  after(() => signIn(null));

  it('says so with the wait after a 429 on the list, and sends nothing before Retry-After has passed', async () => {
    const el = await mountLoaded();
    await spend(59, '/api/invitations');
    const net = countingFetch();
    el.fetcher = net.fetch;
    const error = next(el, 'invite-error');
    void el.refresh();
    const ev = await error;
    expect(ev.status).to.equal(429);
    await el.updateComplete;
    const alert = () => $(el, '[role="alert"]')!.textContent!;
    expect(alert()).to.match(/Too many requests — try again in \d+ seconds\./);
    await expect(el).to.be.accessible();

    // "Try again" right away: no request, the same plain answer.
    $<HTMLButtonElement>(el, '[role="alert"] button')!.click();
    await el.refresh();
    await el.updateComplete;
    expect(net.calls).to.have.length(1);
    expect(alert()).to.match(/try again in \d+ seconds/);
  });

  it('backs off after a 429 on accept: the next click sends nothing', async () => {
    const el = await mountLoaded();
    await spend(30, '/api/invitations/accept', { invitationIds: ['inv_missing'] });
    const net = countingFetch();
    el.fetcher = net.fetch;
    const error = next(el, 'invite-error');
    joinButton(el, 'inv_alice_design').click();
    expect((await error).status).to.equal(429);
    await el.updateComplete;
    expect($(el, '[role="alert"]')!.textContent).to.match(/Too many requests — try again in \d+ seconds\./);
    await expect(el).to.be.accessible();

    await el.accept(['inv_alice_design']);
    expect(net.calls).to.have.length(1);
    expect($(el, '[aria-live="polite"]')!.textContent).to.match(/try again in \d+ seconds/);
  });

  it('says it in the page language', async () => {
    const el = await mountLoaded({ locale: 'de' });
    await spend(59, '/api/invitations');
    await el.refresh();
    await el.updateComplete;
    expect($(el, '[role="alert"]')!.textContent).to.match(/Zu viele Anfragen – bitte versuche es in \d+ Sekunden erneut\./);
  });
});
