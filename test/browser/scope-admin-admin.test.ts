import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/invite-scope-admin.js';
import type { InviteAdminErrorEvent, InviteScopeAdmin } from '../../src/elements/invite-scope-admin.js';
import { next, resetBackend, signIn } from './inbox-fixtures.js';

const $ = <T extends Element>(el: InviteScopeAdmin, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = (el: InviteScopeAdmin, sel: string) => [...el.shadowRoot!.querySelectorAll(sel)];
const rowCount = (el: InviteScopeAdmin) => $$(el, 'tbody tr').length;
const domainsShown = (el: InviteScopeAdmin) => $$(el, '[part="domain"] span').map((s) => s.textContent!.trim());

/** Mounts the Acme panel as its admin and waits until both lists have loaded. */
async function mountAsAdmin(): Promise<{ el: InviteScopeAdmin; errors: InviteAdminErrorEvent[] }> {
  signIn('frank@acme.com');
  const errors: InviteAdminErrorEvent[] = [];
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.addEventListener('invite-admin-error', (e) => errors.push(e));
  const el = document.createElement('invite-scope-admin');
  el.scopeType = 'workspace';
  el.scope = 'acme';
  wrapper.append(el);
  await waitUntil(
    () => $(el, 'table') && $(el, 'form') && $$(el, 'section[aria-busy="true"]').length === 0,
    'both lists load',
  );
  return { el, errors };
}

/** Types into the domain field and submits the form as a user would. */
function submitDomain(el: InviteScopeAdmin, value: string): void {
  const input = $<HTMLInputElement>(el, '#domain')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  $<HTMLButtonElement>(el, '[part="add-button"]')!.click();
}

/** What the upstream now holds, read back through the proxy as the admin. */
async function savedDomains(): Promise<string[]> {
  const res = await fetch('/api/invitations/scopes/workspace/acme/autojoin');
  expect(res.status).to.equal(200);
  return ((await res.json()) as { domains: string[] }).domains;
}

describe('<invite-scope-admin> as the scope\'s admin', () => {
  beforeEach(() => resetBackend());
  after(() => signIn(null));

  it('lists the first page of invitations and pages on with "Show more"', async () => {
    const { el, errors } = await mountAsAdmin();
    expect(errors).to.deep.equal([]);
    expect(rowCount(el)).to.equal(20, 'one upstream page');
    const firstPage = $$(el, 'tbody td.invitee').map((td) => td.textContent!.trim());
    expect(firstPage).to.include('newhire01@acme.com');
    await expect(el).to.be.accessible();

    const more = $<HTMLButtonElement>(el, '[part="more-button"]')!;
    expect(more.textContent!.trim()).to.equal('Show more');
    more.click();
    await waitUntil(() => rowCount(el) > 20, 'the next page is appended');
    await el.updateComplete;
    const all = $$(el, 'tbody td.invitee').map((td) => td.textContent!.trim());
    expect(all.slice(0, 20)).to.deep.equal(firstPage, 'earlier rows stay in place');
    expect(new Set(all).size).to.equal(all.length, 'no row twice');
    expect(all).to.include('newhire26@acme.com');
    expect($(el, '[part="more-button"]'), 'the last page has no "Show more"').to.equal(null);
    expect($(el, '[role="status"][aria-live="polite"]')!.textContent).to.contain(`Showing ${all.length} invitations.`);
    await expect(el).to.be.accessible();
  });

  it('adds a domain, saves it upstream and announces it', async () => {
    const { el } = await mountAsAdmin();
    expect(domainsShown(el)).to.deep.equal(['@acme.com']);
    const changed = next(el, 'invite-autojoin-change');
    submitDomain(el, 'Acme-Labs.io');
    expect((await changed).domains).to.deep.equal(['acme.com', 'acme-labs.io']);
    await waitUntil(() => $<HTMLInputElement>(el, '#domain')!.value === '', 'the field is cleared for the next one');
    await el.updateComplete;
    expect(domainsShown(el)).to.deep.equal(['@acme.com', '@acme-labs.io']);
    expect($(el, '[role="status"][aria-live="polite"]')!.textContent).to.contain('Added acme-labs.io.');
    expect(await savedDomains()).to.deep.equal(['acme.com', 'acme-labs.io']);
    await expect(el).to.be.accessible();
  });

  it('removes a domain, moves focus to the field, and can switch autojoin off', async () => {
    const { el } = await mountAsAdmin();
    const changed = next(el, 'invite-autojoin-change');
    $<HTMLButtonElement>(el, '[part="remove-button"][aria-label="Remove acme.com"]')!.click();
    expect((await changed).domains).to.deep.equal([]);
    await el.updateComplete;
    expect(domainsShown(el)).to.deep.equal([]);
    expect($(el, '.empty')!.textContent).to.contain('Autojoin is off');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#domain'));
    expect($(el, '[role="status"][aria-live="polite"]')!.textContent).to.contain('Removed acme.com.');
    expect(await savedDomains()).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('shows the proxy\'s message when a free-mail domain is refused, and saves nothing', async () => {
    const { el, errors } = await mountAsAdmin();
    const refused = next(el, 'invite-admin-error');
    submitDomain(el, 'gmail.com');
    expect((await refused).phase).to.equal('autojoin-save');
    await el.updateComplete;
    const field = $(el, '#domain-error')!;
    expect(field.textContent!.trim()).to.equal('Free-mail domains cannot be used for autojoin: gmail.com.');
    expect($<HTMLInputElement>(el, '#domain')!.getAttribute('aria-invalid')).to.equal('true');
    expect(errors.map((e) => [e.phase, e.status])).to.deep.equal([['autojoin-save', 400]]);
    expect(domainsShown(el)).to.deep.equal(['@acme.com']);
    expect(await savedDomains()).to.deep.equal(['acme.com']);
    await expect(el).to.be.accessible();
  });
});
