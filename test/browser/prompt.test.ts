import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/invite-prompt.js';
import type { InvitePrompt } from '../../src/elements/invite-prompt.js';
import { next, resetBackend, signIn } from './inbox-fixtures.js';

const dialogOf = (el: InvitePrompt) => el.shadowRoot!.querySelector('dialog')!;
const inboxOf = (el: InvitePrompt) => el.inboxElement!;

/** Mounts a prompt and waits for its inbox's first load (and, when it opens, for the open). */
async function mount(opts: { completeDelay?: number } = {}): Promise<InvitePrompt> {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  const el = document.createElement('invite-prompt');
  if (opts.completeDelay !== undefined) el.completeDelay = opts.completeDelay;
  const loaded = next(el, 'invite-load');
  wrapper.append(el);
  await loaded;
  await inboxOf(el).updateComplete;
  await el.updateComplete;
  return el;
}

describe('<invite-prompt>', () => {
  beforeEach(async () => {
    await resetBackend();
  });
  after(() => signIn(null));

  it('opens itself as a named modal dialog when there is something to join', async () => {
    signIn('alice@acme.com');
    const el = await mount();
    const dialog = dialogOf(el);
    expect(el.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    const labelledBy = el.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!)!;
    expect(labelledBy.textContent!.trim()).to.equal('Join your team');
    expect(el.shadowRoot!.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent).to.contain('invited');
    expect(inboxOf(el).openCount).to.be.greaterThan(0);
    expect(el.shadowRoot!.activeElement, 'opening focuses the title').to.equal(labelledBy);
    // Contrast is judged on the settled dialog, not mid fade-in.
    await Promise.all(dialog.getAnimations({ subtree: true }).map((a) => a.finished));
    await expect(el).to.be.accessible();
  });

  it('"Not now" closes it with reason "dismissed" and keeps it closed on the next load', async () => {
    signIn('alice@acme.com');
    const el = await mount();
    const closed = next(el, 'invite-prompt-close');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="not-now"]')!.click();
    expect((await closed).reason).to.equal('dismissed');
    expect(el.open).to.equal(false);
    expect(el.snoozed).to.equal(true);

    const again = await mount();
    expect(again.snoozed).to.equal(true);
    expect(again.open).to.equal(false);

    again.clearSnooze();
    const opened = next(again, 'invite-prompt-open');
    await inboxOf(again).refresh();
    await opened;
    expect(again.open).to.equal(true);
  });

  it('keeps one user\'s "Not now" from snoozing another user in the same browser', async () => {
    signIn('alice@acme.com');
    const alice = await mount();
    expect(alice.open).to.equal(true);
    alice.close('dismissed');
    expect(alice.snoozed).to.equal(true);
    alice.remove();

    signIn('carol@initech.com');
    const carol = await mount();
    expect(carol.snoozed).to.equal(false, 'carol never chose "Not now"');
    expect(carol.open).to.equal(true);
    carol.remove();

    signIn('alice@acme.com');
    const aliceAgain = await mount();
    expect(aliceAgain.snoozed).to.equal(true, 'alice is still snoozed');
    expect(aliceAgain.open).to.equal(false);
  });

  it('Escape closes it with reason "escape" and snoozes it', async () => {
    signIn('alice@acme.com');
    const el = await mount();
    const closed = next(el, 'invite-prompt-close');
    await sendKeys({ press: 'Escape' });
    expect((await closed).reason).to.equal('escape');
    expect(el.snoozed).to.equal(true);
  });

  it('stays closed for a user with nothing open', async () => {
    signIn('dave@example.org');
    let opened = false;
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.addEventListener('invite-prompt-open', () => (opened = true));
    const el = document.createElement('invite-prompt');
    const loaded = next(el, 'invite-load');
    wrapper.append(el);
    await loaded;
    await inboxOf(el).updateComplete;
    expect(opened).to.equal(false);
    expect(el.open).to.equal(false);
    expect(el.snoozed).to.equal(false);
  });

  it('closes itself with reason "completed" once everything shown was accepted', async () => {
    signIn('carol@initech.com');
    const el = await mount({ completeDelay: 0 });
    expect(el.open).to.equal(true);
    const inbox = inboxOf(el);
    const ids = inbox.invitations.filter((i) => i.status === 'pending').map((i) => i.id);
    expect(ids.length).to.be.greaterThan(0);
    const closed = next(el, 'invite-prompt-close');
    // The inbox's own events cross the prompt's shadow root to the host.
    const accepted = next(document, 'invite-accepted');
    await inbox.accept(ids);
    await accepted;
    expect((await closed).reason).to.equal('completed');
    expect(el.snoozed).to.equal(false, 'completing is not "Not now"');
  });

  it('forwards endpoint and fetcher to the inner inbox', async () => {
    signIn('alice@acme.com');
    const seen: string[] = [];
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('invite-prompt');
    el.endpoint = '/api/invitations/';
    el.fetcher = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const loaded = next(el, 'invite-load');
    wrapper.append(el);
    await loaded;
    expect(inboxOf(el).endpoint).to.equal('/api/invitations/');
    expect(seen.length).to.be.greaterThan(0);
  });

  it('reads its settings from attributes and forwards credentials to the inbox', async () => {
    signIn('alice@acme.com');
    const modes: (RequestCredentials | undefined)[] = [];
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.innerHTML = '<invite-prompt snooze-hours="2" complete-delay="10" credentials="include"></invite-prompt>';
    const el = wrapper.firstElementChild as InvitePrompt;
    el.fetcher = (input, init) => {
      modes.push(init?.credentials);
      return fetch(input, init);
    };
    const loaded = next(el, 'invite-load');
    await loaded;
    expect([el.snoozeHours, el.completeDelay, el.credentials]).to.deep.equal([2, 10, 'include']);
    expect(inboxOf(el).credentials).to.equal('include');
    expect(modes).to.include('include');
    expect(modes).not.to.include('same-origin');
  });
});
