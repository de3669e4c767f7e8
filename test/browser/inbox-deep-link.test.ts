/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/invite-inbox.js';
import type { InviteInbox } from '../../src/elements/invite-inbox.js';
import type { InviteSelectEvent } from '../../src/elements/inbox/events.js';
import { $, card, injectFault, mountLoaded, resetBackend, signIn } from './inbox-fixtures.js';

const notice = (el: InviteInbox) => $(el, '[part="notice"]')?.textContent?.trim();
const noticeShown = async (el: InviteInbox) => {
  await waitUntil(() => notice(el), 'no notice appeared', { timeout: 4000 });
  return notice(el)!;
};

describe('<invite-inbox> deep link', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  afterEach(() => history.replaceState(null, '', location.pathname));
  after(() => signIn(null));

  it("scrolls to the user's own invitation, highlights, selects and focuses it", async () => {
    const selected = new Promise<string[]>((resolve) =>
      document.addEventListener('invite-select', (e) => resolve((e as InviteSelectEvent).selectedIds), { once: true }),
    );
    const el = await mountLoaded({ 'invitation-id': 'inv_alice_apollo' });
    const box = () => card(el, 'inv_alice_apollo').querySelector<HTMLInputElement>('input.check')!;
    await waitUntil(() => el.shadowRoot!.activeElement === box(), 'the checkbox was not focused', { timeout: 4000 });
    const c = card(el, 'inv_alice_apollo');
    expect(c.dataset.deepLink).to.equal('true');
    expect(c.getAttribute('part')).to.equal('card deep-link');
    expect(getComputedStyle(c).outlineStyle).to.equal('solid');
    expect(box().checked).to.equal(true);
    expect(await selected).to.deep.equal(['inv_alice_apollo']);
    const r = c.getBoundingClientRect();
    expect(r.bottom).to.be.at.most(innerHeight + 1);
    expect(r.top).to.be.at.least(-1);
    expect(notice(el)).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('reads ?invitation= only with the deep-link attribute', async () => {
    history.replaceState(null, '', `${location.pathname}?invitation=inv_alice_design`);
    const plain = await mountLoaded({});
    const linked = await mountLoaded({ 'deep-link': '' });
    await waitUntil(() => card(linked, 'inv_alice_design').dataset.deepLink === 'true', 'not highlighted', { timeout: 4000 });
    expect(card(linked, 'inv_alice_design').querySelector<HTMLInputElement>('input.check')!.checked).to.equal(true);
    // By now the plain one has had as long to follow the link, and did not.
    await plain.updateComplete;
    expect(card(plain, 'inv_alice_design').dataset.deepLink).to.equal(undefined);
    expect(card(plain, 'inv_alice_design').querySelector<HTMLInputElement>('input.check')!.checked).to.equal(false);
  });

  it("says someone else's invitation went to a masked address, and tells nothing of its scope", async () => {
    signIn('bob@globex.com');
    const el = await mountLoaded({ 'invitation-id': 'inv_erin_design' });
    const text = await noticeShown(el);
    expect(text).to.match(/^This invitation was sent to e\S*…\S*@gmail\.com — sign in with that address to accept it\.$/);
    expect(text).to.not.contain('erin@gmail.com');
    expect(el.shadowRoot!.textContent).to.not.contain('Design Guild');
    await expect(el).to.be.accessible();
  });

  it('says an expired invitation has expired and whom to ask', async () => {
    signIn('bob@globex.com');
    const el = await mountLoaded({ 'invitation-id': 'inv_bob_apollo_expired' });
    expect(await noticeShown(el)).to.match(/^This invitation to Project Apollo has expired — ask \S.* for a new one\.$/);
    await expect(el).to.be.accessible();
  });

  it('says an accepted invitation was already joined', async () => {
    signIn('bob@globex.com');
    const el = await mountLoaded({ 'invitation-id': 'inv_bob_design_accepted' });
    expect(await noticeShown(el)).to.equal('You already joined Design Guild.');
    await expect(el).to.be.accessible();
  });

  it('says an unknown invitation link is no longer valid', async () => {
    const el = await mountLoaded({ 'invitation-id': 'inv_does_not_exist' });
    expect(await noticeShown(el)).to.equal('This invitation link is no longer valid.');
    await expect(el).to.be.accessible();
  });

  it('shows no notice when the lookup fails (server error or network drop) rather than a wrong one', async () => {
    signIn('bob@globex.com');
    // Not in the list, so the element asks the proxy; answered, it would say "sent to e…@gmail.com", or "no longer valid".
    const lookups: (number | 'network')[] = [];
    let drop = false;
    const el = await mountLoaded({}, (inbox) => {
      inbox.fetcher = async (input, init) => {
        if (!new URL(String(input), location.href).pathname.startsWith('/api/invitations/inv_')) return fetch(input, init);
        if (drop) {
          lookups.push('network');
          throw new TypeError('Failed to fetch');
        }
        const res = await fetch(input, init);
        lookups.push(res.status);
        return res;
      };
    });
    const follow = async (id: string) => {
      const asked = lookups.length;
      el.invitationId = id;
      await waitUntil(() => lookups.length > asked, 'the invitation was not looked up', { timeout: 4000 });
      // The failure settles a few microtasks after the response; a notice would be rendered by then.
      await new Promise((r) => setTimeout(r, 50));
      await el.updateComplete;
    };
    // The upstream fails once: the proxy answers 5xx.
    await injectFault({ status: 500, times: 1 });
    await follow('inv_erin_design');
    expect(lookups[0]).to.be.at.least(500);
    expect(notice(el)).to.equal(undefined);
    // The connection drops: not even an unknown ID may be called "no longer valid".
    drop = true;
    await follow('inv_does_not_exist');
    expect(lookups.at(-1)).to.equal('network');
    expect(notice(el)).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('says which of the user\'s addresses an invitation was sent to', async () => {
    signIn('dana@globex.com');
    const el = await mountLoaded({});
    const sentTo = (id: string) => card(el, id).querySelector('[part="sent-to"]')!;
    expect(sentTo('inv_dana_hobby').textContent!.trim()).to.equal('Sent to dana.rivera@gmail.com');
    expect(sentTo('inv_dana_design_sms').textContent!.trim()).to.equal('Sent by text to +1…42');
    await expect(el).to.be.accessible();
    signIn('alice@acme.com');
    const single = await mountLoaded({});
    expect(card(single, 'inv_alice_design').querySelector<HTMLElement>('[part="sent-to"]')!.hidden).to.equal(true);
  });

  it('says it in the element\'s language', async () => {
    const el = await mountLoaded({ 'invitation-id': 'inv_does_not_exist', locale: 'de' });
    await waitUntil(() => notice(el) === 'Dieser Einladungslink ist nicht mehr gültig.', 'no German notice', { timeout: 4000 });
    // Lit's locale is page-wide: leave it as the other tests expect.
    el.locale = 'en';
    await el.updateComplete;
    await waitUntil(() => notice(el) === 'This invitation link is no longer valid.', 'not back in English', { timeout: 4000 });
  });
});
