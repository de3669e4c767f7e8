/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import type { InviteInbox } from '../../src/elements/invite-inbox.js';
import { InviteErrorEvent } from '../../src/elements/invite-inbox.js';
import { $, $$, card, injectFault, mountLoaded, resetBackend, next, signIn, titles } from './inbox-fixtures.js';

describe('<invite-inbox> states', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  after(() => signIn(null));

  it('shows accessible skeleton cards while loading, then the list in their place', async () => {
    await injectFault({ latencyMs: 400, times: 1 });
    const el = await fixture<InviteInbox>(html`<invite-inbox></invite-inbox>`);
    expect($$(el, '.skeleton')).to.have.length(3);
    expect(el.shadowRoot!.textContent).to.contain('Loading invitations');
    expect($(el, '.root')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    const skeletonTop = $(el, '.list')!.getBoundingClientRect().top;
    await next(el, 'invite-load');
    await el.updateComplete;
    expect($$(el, '.skeleton')).to.have.length(0);
    // Cards take the skeletons' place: the list does not jump.
    expect($(el, '.list')!.getBoundingClientRect().top).to.equal(skeletonTop);
  });

  it('renders the list: invitations, the autojoin offer and the expired one, never acceptable', async () => {
    const el = await mountLoaded();
    expect(titles(el)).to.have.members(['Design Guild', 'Project Apollo', 'Acme Corp', 'Globex']);
    expect(el.openCount).to.equal(3);
    expect(el.invitations).to.have.length(4);
    expect($(el, 'ul.list')!.getAttribute('aria-label')).to.equal('Invitations');

    const design = card(el, 'inv_alice_design');
    expect(design.textContent).to.contain('Grace Hopper invited you to join as editor');
    expect($(el, '[data-id="inv_alice_design"] [part="message"]')!.textContent).to.contain('onboarding flow');
    expect(design.querySelector('[part="meta"]')!.textContent).to.match(/Sent .*ago|Sent yesterday/);
    expect(design.querySelector('[part="meta"]')!.textContent).to.match(/Expires (in|tomorrow)/);

    const auto = card(el, 'inv_autojoin_acme');
    expect(auto.dataset.state).to.equal('autojoin');
    expect(auto.querySelector('[part="badge"]')!.textContent).to.equal('Autojoin');
    expect(auto.textContent).to.contain('Anyone with an @acme.com email can join');
    expect(auto.querySelector('[part="decline-button"]')!.textContent!.trim()).to.equal('Not interested');

    const expired = card(el, 'inv_alice_globex_expired');
    expect(expired.dataset.state).to.equal('expired');
    expect(expired.querySelector('[part="badge"]')!.textContent).to.equal('Expired');
    expect(expired.querySelector('input, [part="accept-button"]')).to.equal(null);
    await el.accept(['inv_alice_globex_expired']);
    expect(expired.dataset.state).to.equal('expired');
    await expect(el).to.be.accessible();
  });

  it('shows the default empty state, or the host slot', async () => {
    signIn('dave@example.org');
    const el = await mountLoaded();
    expect($(el, '.panel')!.textContent).to.contain('No open invitations');
    expect($(el, 'ul.list')).to.equal(null);
    expect($(el, '.bar')).to.equal(null);
    expect(el.openCount).to.equal(0);
    await expect(el).to.be.accessible();

    const slotted = await mountLoaded({}, (inbox) => (inbox.innerHTML = '<p slot="empty" id="mine">Nothing here</p>'));
    const slot = slotted.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="empty"]')!;
    expect(slot.assignedElements()[0]!.id).to.equal('mine');
  });

  it('shows only-expired items as such, with the empty message', async () => {
    signIn('bob@globex.com');
    const el = await mountLoaded();
    expect($(el, '.panel')!.textContent).to.contain('No open invitations');
    expect($$(el, '[part="card"]').every((c) => c.dataset.state === 'expired')).to.equal(true);
    expect($$(el, 'input[type="checkbox"]')).to.have.length(0);
  });

  for (const [name, setup, status, code, text] of [
    ['signed out (401)', () => signIn(null), 401, 'unauthenticated', 'Sign in again'],
    ['upstream 5xx', () => injectFault({ status: 500, times: 1 }), 502, undefined, 'on our side'],
  ] as const) {
    it(`shows an error with a retry button when ${name}`, async () => {
      await setup();
      const el = document.createElement('invite-inbox');
      const error = next(el, 'invite-error');
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
      const ev: InviteErrorEvent = await error;
      expect(ev).to.be.instanceOf(InviteErrorEvent);
      expect(ev.phase).to.equal('load');
      expect(ev.status).to.equal(status);
      if (code) expect(ev.code).to.equal(code);
      expect(ev.message).to.be.a('string').and.not.equal('');
      await el.updateComplete;
      const alert = $(el, '[role="alert"]')!;
      expect(alert.getAttribute('part')).to.equal('error');
      expect(alert.textContent).to.contain(text);
      await expect(el).to.be.accessible();

      signIn('alice@acme.com');
      const loaded = next(el, 'invite-load');
      alert.querySelector('button')!.click();
      await loaded;
      await el.updateComplete;
      expect($(el, '[role="alert"]')).to.equal(null);
      expect(el.openCount).to.equal(3);
    });
  }

  it('reports a network failure on load with code "network" and no status', async () => {
    const el = document.createElement('invite-inbox');
    el.endpoint = 'http://127.0.0.1:9/api/invitations';
    el.credentials = 'omit';
    const error = next(el, 'invite-error');
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
    const ev = await error;
    expect(ev.code).to.equal('network');
    expect(ev.status).to.equal(undefined);
    await el.updateComplete;
    expect($(el, '[role="alert"]')!.textContent).to.contain("Can't reach the server");
  });
});
