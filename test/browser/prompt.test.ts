import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/invite-prompt.js';
import type { InvitePrompt } from '../../src/elements/invite-prompt.js';
import { mountPrompt, next, resetBackend, signIn } from './inbox-fixtures.js';

const dialogOf = (el: InvitePrompt) => el.shadowRoot!.querySelector('dialog')!;
const inboxOf = (el: InvitePrompt) => el.inboxElement!;

describe('<invite-prompt>', () => {
  beforeEach(async () => {
    await resetBackend();
  });
  after(() => signIn(null));

  it('opens itself as a named modal dialog when there is something to join', async () => {
    signIn('alice@acme.com');
    const el = await mountPrompt('invite-load');
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

  it('exports every part its inbox renders, so hosts style both alike', async () => {
    // Several addresses (sent-to lines); then a deep link to an unknown invitation (notice) and to a listed one (deep-link).
    signIn('dana@globex.com');
    const el = await mountPrompt('invite-prompt-open');
    const inbox = inboxOf(el);
    const rendered = new Set<string>();
    const collect = () =>
      inbox.shadowRoot!.querySelectorAll('[part]').forEach((n) => n.getAttribute('part')!.split(/\s+/).forEach((p) => rendered.add(p)));
    collect();
    inbox.invitationId = 'inv_does_not_exist';
    await waitUntil(() => inbox.shadowRoot!.querySelector('[part="notice"]'), 'no notice', { timeout: 4000 });
    collect();
    inbox.invitationId = 'inv_dana_hobby';
    await waitUntil(() => inbox.shadowRoot!.querySelector('[part~="deep-link"]'), 'no deep-linked card', { timeout: 4000 });
    collect();
    expect([...rendered]).to.include.members(['card', 'sent-to', 'notice', 'deep-link']);
    const exported = inbox.getAttribute('exportparts')!.split(',').map((p) => p.split(':')[0]!.trim());
    expect([...rendered].filter((p) => !exported.includes(p))).to.deep.equal([]);
    // And it works: a host rule through the prompt reaches the inbox's part.
    const style = document.createElement('style');
    style.textContent = 'invite-prompt::part(sent-to) { outline: 3px solid rgb(1, 2, 3); }';
    document.head.append(style);
    try {
      expect(getComputedStyle(inbox.shadowRoot!.querySelector('[part="sent-to"]')!).outlineColor).to.equal('rgb(1, 2, 3)');
    } finally {
      style.remove();
    }
  });

  it('"Not now" closes it with reason "dismissed" and keeps it closed on the next load', async () => {
    signIn('alice@acme.com');
    const el = await mountPrompt('invite-load');
    const closed = next(el, 'invite-prompt-close');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="not-now"]')!.click();
    expect((await closed).reason).to.equal('dismissed');
    expect(el.open).to.equal(false);
    expect(el.snoozed).to.equal(true);

    const again = await mountPrompt('invite-load');
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
    const alice = await mountPrompt('invite-load');
    expect(alice.open).to.equal(true);
    alice.close('dismissed');
    expect(alice.snoozed).to.equal(true);
    alice.remove();

    signIn('carol@initech.com');
    const carol = await mountPrompt('invite-load');
    expect(carol.snoozed).to.equal(false, 'carol never chose "Not now"');
    expect(carol.open).to.equal(true);
    carol.remove();

    signIn('alice@acme.com');
    const aliceAgain = await mountPrompt('invite-load');
    expect(aliceAgain.snoozed).to.equal(true, 'alice is still snoozed');
    expect(aliceAgain.open).to.equal(false);
  });

  it('Escape closes it with reason "escape" and snoozes it', async () => {
    signIn('alice@acme.com');
    const el = await mountPrompt('invite-load');
    const closed = next(el, 'invite-prompt-close');
    await sendKeys({ press: 'Escape' });
    expect((await closed).reason).to.equal('escape');
    expect(el.snoozed).to.equal(true);
  });

  it('stays closed for a user with nothing open', async () => {
    signIn('dave@example.org');
    let opened = false;
    const el = await mountPrompt('invite-load', (_, wrapper) => wrapper.addEventListener('invite-prompt-open', () => (opened = true)));
    expect(opened).to.equal(false);
    expect(el.open).to.equal(false);
    expect(el.snoozed).to.equal(false);
  });

  it('closes itself with reason "completed" once everything shown was accepted', async () => {
    signIn('carol@initech.com');
    const el = await mountPrompt('invite-load', (p) => (p.completeDelay = 0));
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
    const el = await mountPrompt('invite-load', (p) => {
      p.endpoint = '/api/invitations/';
      p.fetcher = (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      };
    });
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
