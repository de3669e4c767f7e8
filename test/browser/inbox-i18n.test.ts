/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { $, $$, acceptButton, card, createInvitation, mountLoaded, resetBackend, signIn } from './inbox-fixtures.js';

const heading = (el: HTMLElement) => el.shadowRoot!.querySelector('.heading')!.textContent!.trim();

describe('<invite-inbox> languages, direction, zoom and hostile data', () => {
  before(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  after(async () => {
    signIn(null);
    document.documentElement.lang = 'en';
    await setViewport({ width: 800, height: 600 });
  });

  for (const [locale, title, accept, autojoin, relative] of [
    ['es', 'Invitaciones', 'Aceptar (0)', 'Cualquiera con un correo @acme.com puede unirse', /hace|ayer/],
    ['de', 'Einladungen', 'Annehmen (0)', 'Jede Person mit einer @acme.com-E-Mail-Adresse kann beitreten', /vor|gestern/],
    ['ja', '招待', '承諾 (0)', '@acme.com のメールアドレスがあれば誰でも参加できます', /前|昨日/],
  ] as const) {
    it(`speaks ${locale}: messages, relative dates and numbers`, async () => {
      const el = await mountLoaded({ locale });
      await waitUntil(() => heading(el) === title, `heading in ${locale}`);
      expect(acceptButton(el).textContent!.trim()).to.equal(accept);
      expect(card(el, 'inv_autojoin_acme').textContent).to.contain(autojoin);
      expect(card(el, 'inv_alice_design').querySelector('[part="meta"]')!.textContent).to.match(relative);
      expect(el.shadowRoot!.textContent).to.not.contain('Invited');
      await expect(el).to.be.accessible();
    });
  }

  it("follows the document's lang when no locale is set, and back to English", async () => {
    document.documentElement.lang = 'de-AT';
    const el = await mountLoaded();
    await waitUntil(() => heading(el) === 'Einladungen', 'German from <html lang>');
    document.documentElement.lang = 'en';
    el.locale = 'fr';
    await waitUntil(() => heading(el) === 'Invitations', 'unsupported locale falls back to English');
    expect(card(el, 'inv_alice_design').querySelector('[part="meta"]')!.textContent).to.match(/Sent .*(ago|yesterday)/);
  });

  it('lays out right-to-left and stays accessible', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl"></div>`);
    const el = await mountLoaded();
    wrapper.append(el);
    await el.updateComplete;
    const c = card(el, 'inv_alice_design');
    const box = c.querySelector('input')!.getBoundingClientRect();
    const title = c.querySelector('[part="title"]')!.getBoundingClientRect();
    expect(box.left).to.be.greaterThan(title.right);
    await expect(el).to.be.accessible();
  });

  it('fits 360 px at 200% text size without horizontal scrolling', async () => {
    await setViewport({ width: 360, height: 800 });
    const el = await mountLoaded();
    el.style.setProperty('--invite-font', '30px/1.45 sans-serif');
    await el.updateComplete;
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    for (const c of $$(el, '[part="card"]')) expect(c.scrollWidth, c.dataset.id).to.be.at.most(c.clientWidth);
    expect($(el, '.bar')!.scrollWidth).to.be.at.most($(el, '.bar')!.clientWidth);
    await setViewport({ width: 800, height: 600 });
  });

  it('renders hostile strings as inert text and drops unsafe URLs', async () => {
    signIn('dave@example.org');
    const long = 'A'.repeat(10_000);
    await createInvitation({
      email: 'dave@example.org',
      scope: 'hostile',
      scopeName: '<img src=x onerror="window.pwned=1">\u202Emoc.evil',
      inviterName: long,
      avatarUrl: 'javascript:window.pwned=1',
      role: '<b onmouseover=window.pwned=1>owner</b>',
      message: `<script>window.pwned=1</script> ${long}`,
    });
    const el = await mountLoaded();
    const c = $$(el, '[part="card"]')[0]!;
    const title = c.querySelector('[part="title"]')!;
    expect(title.textContent).to.contain('<img src=x onerror="window.pwned=1">');
    expect(title.textContent).to.not.contain('\u202E');
    expect(c.querySelectorAll('img, script, b')).to.have.length(0);
    expect(c.textContent!.length).to.be.lessThan(2000);
    expect(c.scrollWidth).to.be.at.most(c.clientWidth);
    expect(c.getBoundingClientRect().height).to.be.lessThan(600);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });
});
