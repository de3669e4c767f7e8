/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { InviteAcceptEvent } from '../../src/elements/invite-inbox.js';
import {
  $,
  $$,
  acceptButton,
  card,
  countingFetch,
  createInvitation,
  dropAccept,
  injectFault,
  joinButton,
  mountLoaded,
  resetBackend,
  revokeInvitation,
  signIn,
  next,
} from './inbox-fixtures.js';

const OPEN = ['inv_alice_design', 'inv_alice_apollo', 'inv_autojoin_acme'];
const checkbox = (el: HTMLElement & { shadowRoot: ShadowRoot | null }, id: string) =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`li[data-id="${id}"] input[type="checkbox"]`)!;
const selectAll = (el: HTMLElement & { shadowRoot: ShadowRoot | null }) =>
  el.shadowRoot!.querySelector<HTMLInputElement>('.bar input[type="checkbox"]')!;

describe('<invite-inbox> selection and accept', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  after(() => signIn(null));

  it('selects cards and all, firing invite-select with the IDs, and counts them on the button', async () => {
    const el = await mountLoaded();
    expect(acceptButton(el).textContent!.trim()).to.equal('Accept (0)');
    expect(acceptButton(el).disabled).to.equal(true);

    let sel = next(el, 'invite-select');
    checkbox(el, 'inv_alice_apollo').click();
    expect((await sel).selectedIds).to.deep.equal(['inv_alice_apollo']);
    await el.updateComplete;
    expect(acceptButton(el).textContent!.trim()).to.equal('Accept (1)');
    expect(selectAll(el).indeterminate).to.equal(true);

    sel = next(el, 'invite-select');
    selectAll(el).click();
    expect((await sel).selectedIds).to.have.members(OPEN);
    await el.updateComplete;
    expect(acceptButton(el).textContent!.trim()).to.equal('Accept (3)');
    expect(checkbox(el, 'inv_alice_design').checked).to.equal(true);

    sel = next(el, 'invite-select');
    selectAll(el).click();
    expect((await sel).selectedIds).to.deep.equal([]);
  });

  it('accepts the selection in one request; accepted cards turn into a success state', async () => {
    const el = await mountLoaded();
    const net = countingFetch();
    el.fetcher = net.fetch;
    checkbox(el, 'inv_alice_design').click();
    checkbox(el, 'inv_autojoin_acme').click();
    await el.updateComplete;

    const before = next(el, 'invite-accept');
    const done = next(el, 'invite-accepted');
    acceptButton(el).click();
    const acceptEv = await before;
    expect(acceptEv.cancelable).to.equal(true);
    expect(acceptEv.bubbles && acceptEv.composed).to.equal(true);
    expect(acceptEv.ids).to.have.members(['inv_alice_design', 'inv_autojoin_acme']);
    expect(acceptEv.invitations.map((i) => i.scope.name)).to.have.members(['Design Guild', 'Acme Corp']);

    // While the request runs: pending label, aria-busy, no second request.
    await el.updateComplete;
    expect(acceptButton(el).textContent!.trim()).to.equal('Accepting…');
    expect(acceptButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect($(el, '.root')!.getAttribute('aria-busy')).to.equal('true');
    expect(card(el, 'inv_alice_design').getAttribute('aria-busy')).to.equal('true');

    const result = await done;
    expect(result.accepted.map((i) => i.id)).to.have.members(['inv_alice_design', 'inv_autojoin_acme']);
    expect(result.accepted.every((i) => i.status === 'accepted')).to.equal(true);
    expect(result.failed).to.deep.equal([]);
    expect(net.calls.filter((c) => c.method === 'POST')).to.have.length(1);
    expect(net.calls[0]!.url).to.match(/\/api\/invitations\/accept$/);

    await el.updateComplete;
    expect(card(el, 'inv_alice_design').dataset.state).to.equal('joined');
    expect(card(el, 'inv_alice_design').querySelector('[part="badge"]')!.textContent).to.equal('Joined');
    expect(checkbox(el, 'inv_alice_design')).to.equal(null);
    expect(el.openCount).to.equal(1);
    expect($(el, '[role="status"][aria-live="polite"]')!.textContent).to.contain('Joined Design Guild and Acme Corp');
    expect($(el, '.root')!.getAttribute('aria-busy')).to.equal('false');
    await expect(el).to.be.accessible();
  });

  it('sends one request for a double click on Join', async () => {
    const el = await mountLoaded();
    const net = countingFetch();
    el.fetcher = net.fetch;
    const join = joinButton(el, 'inv_alice_apollo');
    const done = next(el, 'invite-accepted');
    join.click();
    join.click();
    acceptButton(el).click();
    void el.accept(['inv_alice_design']);
    const result = await done;
    expect(result.accepted.map((i) => i.id)).to.deep.equal(['inv_alice_apollo']);
    expect(net.calls.filter((c) => c.method === 'POST')).to.have.length(1);
  });

  it('lets the host veto the accept (cancelable) or confirm it asynchronously', async () => {
    const el = await mountLoaded();
    const net = countingFetch();
    el.fetcher = net.fetch;
    const veto = (e: InviteAcceptEvent) => e.preventDefault();
    el.addEventListener('invite-accept', veto, { once: true });
    await el.accept(['inv_alice_apollo']);
    expect(net.calls).to.have.length(0);
    expect(card(el, 'inv_alice_apollo').dataset.state).to.equal('open');

    el.addEventListener('invite-accept', (e) => e.waitUntil(Promise.resolve(false)), { once: true });
    await el.accept(['inv_alice_apollo']);
    expect(net.calls).to.have.length(0);

    let confirm!: (v: boolean) => void;
    el.addEventListener('invite-accept', (e) => e.waitUntil(new Promise<boolean>((r) => (confirm = r))), { once: true });
    const done = next(el, 'invite-accepted');
    const running = el.accept(['inv_alice_apollo']);
    void el.accept(['inv_alice_apollo']);
    expect(net.calls).to.have.length(0);
    confirm(true);
    await running;
    await done;
    expect(net.calls).to.have.length(1);
    expect(card(el, 'inv_alice_apollo').dataset.state).to.equal('joined');
  });

  it('reports per-ID failures: failed cards show why and stay selected for retry', async () => {
    // Zephyr is revoked between showing and accepting. (A second tab of the same
    // user accepting first is no failure: the proxy answers ok for it.)
    const { id: zephyr } = await createInvitation({ email: 'alice@acme.com', scope: 'zephyr', scopeName: 'Project Zephyr' });
    const el = await mountLoaded();
    await revokeInvitation(zephyr);

    checkbox(el, zephyr).click();
    checkbox(el, 'inv_alice_design').click();
    const done = next(el, 'invite-accepted');
    await el.acceptSelected();
    const result = await done;
    expect(result.accepted.map((i) => i.id)).to.deep.equal(['inv_alice_design']);
    expect(result.failed).to.have.length(1);
    expect(result.failed[0]!.id).to.equal(zephyr);
    expect(result.failed[0]!.ok).to.equal(false);
    expect(result.failed[0]!.error!.code).to.be.a('string');

    await el.updateComplete;
    const failed = card(el, zephyr);
    expect(failed.dataset.state).to.equal('failed');
    expect(failed.querySelector('[part="error"]')!.textContent).to.not.equal('');
    expect(checkbox(el, zephyr).checked).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(checkbox(el, zephyr));
    expect($(el, '[aria-live="polite"]')!.textContent).to.contain("Couldn't join Project Zephyr");
    await expect(el).to.be.accessible();
  });

  it('shows one failure for the upstream faulting on one of two accepts', async () => {
    const el = await mountLoaded();
    await injectFault({ status: 410, times: 1, pathPrefix: '/api/v1/invitations/accept' });
    const done = next(el, 'invite-accepted');
    await el.accept(['inv_alice_apollo', 'inv_alice_design']);
    const result = await done;
    expect(result.accepted).to.have.length(1);
    expect(result.failed).to.have.length(1);
    expect(result.failed[0]!.error!.code).to.equal('expired');
    await el.updateComplete;
    expect(card(el, result.failed[0]!.id).querySelector('[part="error"]')!.textContent).to.contain('expired');
  });

  it('keeps everything selectable when the connection drops mid-accept', async () => {
    const el = await mountLoaded();
    checkbox(el, 'inv_alice_apollo').click();
    dropAccept(true);
    const error = next(el, 'invite-error');
    const accepted = { fired: false };
    el.addEventListener('invite-accepted', () => (accepted.fired = true));
    await el.acceptSelected();
    const ev = await error;
    expect(ev.phase).to.equal('accept');
    expect(ev.code).to.equal('network');
    expect(ev.status).to.equal(undefined);
    expect(accepted.fired).to.equal(false);
    await el.updateComplete;
    expect($(el, '[role="alert"]')!.textContent).to.contain("Can't reach the server");
    expect(card(el, 'inv_alice_apollo').dataset.state).to.equal('open');
    expect(checkbox(el, 'inv_alice_apollo').checked).to.equal(true);
    await expect(el).to.be.accessible();

    dropAccept(false);
    const done = next(el, 'invite-accepted');
    await el.acceptSelected();
    expect((await done).accepted).to.have.length(1);
    await el.updateComplete;
    expect($(el, '[role="alert"]')).to.equal(null);
  });

  it('shows "all set" once everything is accepted, and focuses it', async () => {
    signIn('carol@initech.com');
    const el = await mountLoaded();
    joinButton(el, 'inv_autojoin_initech').focus();
    const done = next(el, 'invite-accepted');
    await sendKeys({ press: 'Enter' });
    await done;
    await el.updateComplete;
    const panel = $(el, '.panel')!;
    expect(panel.textContent).to.contain("You're all set");
    expect(el.shadowRoot!.activeElement).to.equal(panel);
    expect($(el, '.bar')).to.equal(null);
    expect(el.openCount).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('is operable with the keyboard alone: Tab, Space, Enter', async () => {
    signIn('erin@gmail.com');
    const el = await mountLoaded();
    el.focus();
    const stops: string[] = [];
    const focused = () => el.shadowRoot!.activeElement as HTMLElement | null;
    await sendKeys({ press: 'Tab' });
    stops.push(focused()!.getAttribute('aria-label') ?? focused()!.textContent!.trim());
    expect(focused()).to.equal(checkbox(el, 'inv_erin_design'));
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(checkbox(el, 'inv_erin_design').checked).to.equal(true);
    // Through Decline and Join to the action bar.
    for (let i = 0; i < 4 && focused() !== acceptButton(el); i++) await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal(acceptButton(el));
    expect(getComputedStyle(focused()!).outlineStyle).to.equal('solid');
    const done = next(el, 'invite-accepted');
    await sendKeys({ press: 'Enter' });
    expect((await done).accepted.map((i) => i.id)).to.deep.equal(['inv_erin_design']);
    expect($$(el, '[data-state="joined"]')).to.have.length(1);
  });
});
