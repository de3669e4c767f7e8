/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/elements/invite-prompt.js';
import type { InvitePrompt } from '../../src/elements/invite-prompt.js';
import { deepActive, hiddenBy, tabThrough } from './inbox-a11y-support.js';
import { createInvitation, mountPrompt, next, resetBackend, signIn } from './inbox-fixtures.js';

/** Mounts a prompt after `before` (markup placed ahead of it) and waits until it opened. */
async function mountOpen(before: string, setup: (el: InvitePrompt, wrapper: HTMLElement) => void = () => {}): Promise<InvitePrompt> {
  const el = await mountPrompt('invite-prompt-open', (prompt, wrapper) => {
    wrapper.innerHTML = before;
    setup(prompt, wrapper);
  });
  // Contrast and geometry are judged on the settled dialog, not mid fade-in.
  await Promise.all(el.shadowRoot!.querySelector('dialog')!.getAnimations({ subtree: true }).map((a) => a.finished));
  return el;
}

/** Accepts everything open and records, in order, what the inbox said and when the prompt closed. */
async function completeAndRecord(el: InvitePrompt): Promise<string[]> {
  const inbox = el.inboxElement!;
  const log: string[] = [];
  const status = inbox.shadowRoot!.querySelector('[role="status"]')!;
  const observer = new MutationObserver(() => status.textContent!.trim() && log.push(`said: ${status.textContent!.trim()}`));
  observer.observe(status, { subtree: true, childList: true, characterData: true });
  const closed = next(el, 'invite-prompt-close');
  el.addEventListener('invite-prompt-close', (e) => log.push(`closed: ${e.reason}`), { once: true });
  await inbox.accept(inbox.invitations.filter((i) => i.status === 'pending').map((i) => i.id));
  await closed;
  observer.disconnect();
  return log;
}

describe('<invite-prompt> focus and announcements', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  after(async () => {
    signIn(null);
    await setViewport({ width: 800, height: 600 });
  });

  for (const [w, h] of [
    [1366, 768],
    [320, 640],
    [320, 180],
  ] as const) {
    it(`keeps every focus stop in the dialog fully visible at ${w}×${h}`, async function () {
      this.timeout(30_000);
      // Enough cards that the dialog's content scrolls at every size, under its action bar.
      for (let i = 0; i < 6; i++) await createInvitation({ email: 'alice@acme.com', scope: `team${i}`, scopeName: `Team ${i}` });
      await setViewport({ width: w, height: h });
      const el = await mountOpen('');
      const dialog = el.shadowRoot!.querySelector('dialog')!;
      const scrolls = [dialog, ...dialog.querySelectorAll('*')].some((e) => e.scrollHeight > e.clientHeight + 40);
      expect(scrolls, 'the dialog has content to scroll').to.equal(true);
      const notNow = el.shadowRoot!.querySelector('[part="not-now"]');
      const stops = await tabThrough(() => deepActive() === notNow);
      expect(deepActive() === notNow, 'focus on "Not now"').to.equal(true);
      expect(stops.length).to.be.greaterThan(8);
      await expect(el).to.be.accessible();
    });
  }

  it('announces the outcome before closing itself, then returns focus to the opener', async () => {
    signIn('carol@initech.com');
    const el = await mountOpen('<button id="opener">Check invitations</button>', (p, wrapper) => {
      p.completeDelay = 100;
      wrapper.querySelector('button')!.focus();
    });
    const opener = document.getElementById('opener');
    expect(deepActive() === opener, 'the dialog took focus').to.equal(false);
    const log = await completeAndRecord(el);
    expect(log[0]).to.match(/^said: Joined Initech\.$/);
    expect(log.at(-1)).to.equal('closed: completed');
    expect(deepActive() === opener, 'focus back on the opener').to.equal(true);
    expect(hiddenBy(opener!)).to.equal('');
  });

  it('returns focus to the element named by return-focus, not <body>', async () => {
    signIn('carol@initech.com');
    const el = await mountOpen('<h2 id="next-step">Set up your account</h2>', (p) => {
      p.completeDelay = 0;
      p.setAttribute('return-focus', '#next-step');
    });
    expect(document.activeElement === document.body, 'focus in the dialog, not on <body>').to.equal(false);
    const log = await completeAndRecord(el);
    expect(log.filter((l) => l.startsWith('said:'))).to.have.length(1);
    const target = document.getElementById('next-step')!;
    expect(document.activeElement === target, 'focus on #next-step').to.equal(true);
    expect(target.getAttribute('tabindex')).to.equal('-1');
  });

  it('returns focus on "Not now" too', async () => {
    const el = await mountOpen('<button id="opener">Check invitations</button>', (_, wrapper) => wrapper.querySelector('button')!.focus());
    const closed = next(el, 'invite-prompt-close');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="not-now"]')!.click();
    await closed;
    expect(document.activeElement === document.getElementById('opener'), 'focus back on the opener').to.equal(true);
  });
});
