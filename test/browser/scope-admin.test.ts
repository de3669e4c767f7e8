import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/invite-scope-admin.js';
import type { InviteAdminErrorEvent, InviteScopeAdmin } from '../../src/elements/invite-scope-admin.js';
import { resetBackend, signIn, next } from './inbox-fixtures.js';

/** Mounts the panel and waits until both of its requests have answered. */
async function mount(scopeType = 'workspace', scope = 'acme'): Promise<{ el: InviteScopeAdmin; errors: InviteAdminErrorEvent[] }> {
  const errors: InviteAdminErrorEvent[] = [];
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.addEventListener('invite-admin-error', (e) => errors.push(e));
  const el = document.createElement('invite-scope-admin');
  el.scopeType = scopeType;
  el.scope = scope;
  const first = next(wrapper, 'invite-admin-error');
  wrapper.append(el);
  await first;
  while (errors.length < 2) await next(wrapper, 'invite-admin-error');
  await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the panel shows why');
  return { el, errors };
}

describe('<invite-scope-admin>', () => {
  beforeEach(() => resetBackend());
  after(() => signIn(null));

  it('tells a signed-in non-admin they need to be an admin, and shows no one else\'s invitations', async () => {
    signIn('alice@acme.com');
    const { el, errors } = await mount();
    expect(errors.map((e) => [e.phase, e.status]).sort()).to.deep.equal([
      ['autojoin-load', 403],
      ['invitations', 403],
    ]);
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent!.trim()).to.equal('You need to be an admin of this workspace.');
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    expect(el.shadowRoot!.querySelector('input')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('asks a signed-out visitor to sign in', async () => {
    signIn(null);
    const { el, errors } = await mount();
    expect(errors.every((e) => e.status === 401)).to.equal(true);
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('Sign in again');
    await expect(el).to.be.accessible();
  });

  it('sends requests with the credentials mode of its `credentials` attribute', async () => {
    signIn('alice@acme.com');
    const modes: (RequestCredentials | undefined)[] = [];
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const first = next(wrapper, 'invite-admin-error');
    wrapper.innerHTML = '<invite-scope-admin scope-type="workspace" scope="acme" credentials="include"></invite-scope-admin>';
    const el = wrapper.firstElementChild as InviteScopeAdmin;
    el.fetcher = (input, init) => {
      modes.push(init?.credentials);
      return fetch(input, init);
    };
    await first;
    expect(el.credentials).to.equal('include');
    expect(modes.length).to.be.greaterThan(0);
    expect(modes.every((m) => m === 'include')).to.equal(true);
  });

  it('names the scope type in the message for other kinds of scope', async () => {
    signIn('alice@acme.com');
    const { el } = await mount('project', 'apollo');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent!.trim()).to.equal(
      'You need to be an admin of this project.',
    );
  });
});
