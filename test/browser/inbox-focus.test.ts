/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import type { InvitationView } from '../../src/shared/view-model.js';
import { apiJson } from '../../src/elements/shared/api-client.js';
import { safeImage } from '../../src/elements/inbox/invitation-card.js';
import type { InviteInbox } from '../../src/elements/invite-inbox.js';
import { $, $$, card, declineButton, injectFault, mountLoaded, next, pressAndWait, resetBackend, signIn } from './inbox-fixtures.js';

const focused = (el: InviteInbox) => el.shadowRoot!.activeElement;
/** The ID of the first card after (or else before) this one that has a control. */
function neighbour(el: InviteInbox, id: string) {
  const cards = $$(el, '.list .card');
  const i = cards.indexOf(card(el, id));
  return [...cards.slice(i + 1), ...cards.slice(0, i).reverse()].find((c) => c.querySelector('input, button'))!.dataset.id!;
}
const firstControl = (el: InviteInbox, id: string) => card(el, id).querySelector('input, button');

describe('<invite-inbox> focus, viewer key, logos, skeleton', () => {
  beforeEach(async () => {
    await resetBackend();
    signIn('alice@acme.com');
  });
  after(() => signIn(null));

  it('after a decline, focuses the neighbouring card, not the first checkbox', async () => {
    const el = await mountLoaded();
    const expected = neighbour(el, 'inv_alice_apollo');
    expect(firstControl(el, expected)).to.not.equal($(el, 'input.check'));
    await pressAndWait(el, declineButton(el, 'inv_alice_apollo'), 'invite-decline');
    expect(focused(el)).to.equal(firstControl(el, expected));
  });

  it('after hiding the last card, focuses the list heading', async () => {
    signIn('carol@initech.com');
    const el = await mountLoaded();
    await pressAndWait(el, declineButton(el, 'inv_autojoin_initech'), 'invite-dismiss');
    expect(focused(el)).to.equal($(el, '.heading'));
    await expect(el).to.be.accessible();
  });

  it('keeps focus on the card when a decline fails', async () => {
    const el = await mountLoaded();
    await injectFault({ status: 500, times: 1 });
    await pressAndWait(el, declineButton(el, 'inv_alice_apollo'), 'invite-error');
    expect(card(el, 'inv_alice_apollo').contains(focused(el))).to.equal(true);
  });

  it('exposes the list response viewerKey: per user, never the email', async () => {
    const el = document.createElement('invite-inbox');
    expect(el.viewerKey).to.equal(undefined);
    const alice = (await mountLoaded()).viewerKey;
    expect(alice).to.be.a('string').and.not.equal('');
    expect(alice).to.not.contain('alice');
    signIn('frank@acme.com');
    expect((await mountLoaded()).viewerKey).to.be.a('string').and.not.equal(alice);
  });

  it('accepts https and same-origin path logos only', async () => {
    expect(safeImage('https://cdn.example.com/a.png')).to.equal('https://cdn.example.com/a.png');
    expect(safeImage('/logos/acme.svg')).to.equal('/logos/acme.svg');
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AA', '//evil.example/a.png', '/\\evil.example/a.png', 'http://cdn.example.com/a.png', 'logo.png', '/a b.png', ''])
      expect(safeImage(bad), bad).to.equal(undefined);

    const view = (id: string, logoUrl: string): InvitationView => ({
      id,
      kind: 'invitation',
      scope: { type: 'workspace', id, name: id, logoUrl },
      createdAt: new Date().toISOString(),
      status: 'pending',
      canDecline: false,
    });
    const logos = ['/logos/acme.svg', 'https://127.0.0.1:9/a.png', 'javascript:window.pwned=1', '//evil.example/a.png', 'http://127.0.0.1:9/a.png'];
    // The host's fetch hook stands in for a proxy whose enrich hook sets logos.
    const el = await mountLoaded({}, (inbox) => (inbox.fetcher = async () => Response.json({ invitations: logos.map((l, i) => view(`logo-${i}`, l)) })));
    const src = (i: number) => card(el, `logo-${i}`).querySelector('img')?.getAttribute('src');
    expect(logos.map((_, i) => src(i))).to.deep.equal(['/logos/acme.svg', 'https://127.0.0.1:9/a.png', undefined, undefined, undefined]);
  });

  it('draws the loading skeleton without inline styles', async () => {
    await injectFault({ latencyMs: 400, times: 1 });
    const el = await fixture<InviteInbox>(html`<invite-inbox></invite-inbox>`);
    expect($$(el, '.skeleton')).to.have.length(3);
    expect($$(el, '[style]')).to.have.length(0);
    const widths = $$(el, '.skeleton')[0]!.querySelectorAll('i');
    const w = [...widths].map((i) => i.getBoundingClientRect().width);
    expect(new Set(w).size).to.equal(3);
    await next(el, 'invite-load');
  });

  it('apiJson sends any method with a JSON body, and keeps POST for a body argument', async () => {
    const seen: RequestInit[] = [];
    const fetcher = async (_: RequestInfo | URL, init?: RequestInit) => (seen.push(init!), Response.json({ ok: true }));
    await apiJson('/x', { fetcher, method: 'PUT', body: { domains: ['acme.com'] } });
    await apiJson('/x', { fetcher }, { a: 1 });
    await apiJson('/x', { fetcher });
    expect(seen.map((i) => i.method)).to.deep.equal(['PUT', 'POST', 'GET']);
    expect(seen[0]!.body).to.equal('{"domains":["acme.com"]}');
    expect(new Headers(seen[0]!.headers).get('content-type')).to.equal('application/json');
    expect(seen[2]!.body).to.equal(null);
  });
});
