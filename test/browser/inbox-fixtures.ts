import { fixture, html } from '@open-wc/testing';
import '../../src/elements/invite-inbox.js';
import type { InviteInbox } from '../../src/elements/invite-inbox.js';
import type { InvitePrompt } from '../../src/elements/invite-prompt.js';

/** Signs the test in as this user (the test server takes identity from this cookie). */
export function signIn(email: string | null): void {
  document.cookie = email ? `test-user=${encodeURIComponent(email)}; path=/` : 'test-user=; path=/; max-age=0';
}

/** Makes the next accept request's connection drop (a real network failure). */
export function dropAccept(on: boolean): void {
  document.cookie = on ? 'test-drop=1; path=/' : 'test-drop=; path=/; max-age=0';
}

async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Back to the emulator's seed data, no faults, no stored dismissals. */
export async function resetBackend(): Promise<void> {
  dropAccept(false);
  localStorage.clear();
  await control('/__test/reset');
}

export interface Fault {
  latencyMs?: number;
  status?: number;
  malformed?: boolean;
  hang?: boolean;
  times?: number;
  pathPrefix?: string;
}

/** Faults on the proxy's upstream calls (the emulator's `/__emulator/faults`). */
export const injectFault = (f: Fault) => control('/__test/faults', f);

/** Revokes an invitation upstream, as its inviter would (it leaves the user's open set). */
export const revokeInvitation = (id: string): Promise<unknown> => control(`/__test/revoke/${id}`);

/** Creates an invitation upstream through the emulator's create route. */
export function createInvitation(o: {
  email: string;
  scope: string;
  scopeName: string;
  inviterName?: string;
  avatarUrl?: string;
  role?: string;
  message?: string;
  expires?: string;
}): Promise<{ id: string }> {
  const form: Record<string, { type: string; value: string }> = {};
  if (o.role) form.role = { type: 'text', value: o.role };
  if (o.message) form.personalMessage = { type: 'textarea', value: o.message };
  return control('/__test/invitations', {
    widgetConfigurationId: 'widget-test',
    target: { type: 'email', value: o.email },
    inviter: { userId: 'inviter-1', name: o.inviterName ?? 'Test Inviter', ...(o.avatarUrl && { avatarUrl: o.avatarUrl }) },
    groups: [{ type: 'workspace', groupId: o.scope, name: o.scopeName }],
    formSubmissionData: form,
    ...(o.expires && { expires: o.expires }),
  }) as Promise<{ id: string }>;
}

/** The next event of this type, typed from HTMLElementEventMap. */
export const next = <K extends keyof HTMLElementEventMap>(target: EventTarget, type: K) =>
  new Promise<HTMLElementEventMap[K]>((resolve) =>
    target.addEventListener(type, (e) => resolve(e as HTMLElementEventMap[K]), { once: true }),
  );

/**
 * Mounts an inbox and waits for its first list. `attrs` become attributes (`endpoint` picks another
 * proxy mount than the default); `setup` runs before the element connects, for what must be there
 * when it loads: slotted content, host hooks, the wrapper's own content or style.
 */
export async function mountLoaded(
  attrs: Record<string, string | undefined> = {},
  setup?: (el: InviteInbox, wrapper: HTMLDivElement) => void,
): Promise<InviteInbox> {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  const el = document.createElement('invite-inbox');
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, value);
  setup?.(el, wrapper);
  const loaded = next(el, 'invite-load');
  wrapper.append(el);
  await loaded;
  await el.updateComplete;
  return el;
}

export const $ = <T extends Element = HTMLElement>(el: InviteInbox, sel: string) =>
  el.shadowRoot!.querySelector<T>(sel);
export const $$ = <T extends Element = HTMLElement>(el: InviteInbox, sel: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(sel),
];
export const card = (el: InviteInbox, id: string) => $(el, `li[data-id="${id}"]`)!;
export const titles = (el: InviteInbox) => $$(el, '.title').map((t) => t.textContent!.trim());
export const acceptButton = (el: InviteInbox) => $<HTMLButtonElement>(el, '.bar [part="accept-button"]')!;
/** A card's "Join" button. */
export const joinButton = (el: InviteInbox, id: string) =>
  card(el, id).querySelector<HTMLButtonElement>('[part="accept-button"]')!;
/** A card's "Decline" (or, on an autojoin offer, "Not interested") button. */
export const declineButton = (el: InviteInbox, id: string) =>
  card(el, id).querySelector<HTMLButtonElement>('[part="decline-button"]')!;

/** Focuses the button and presses it, as a keyboard user would; resolves with `type`'s event once the inbox has updated. */
export async function pressAndWait<K extends keyof HTMLElementEventMap>(el: InviteInbox, button: HTMLElement, type: K) {
  button.focus();
  const event = next(el, type);
  button.click();
  const fired = await event;
  await el.updateComplete;
  return fired;
}

/** Counts requests the element makes, passing each one on to the real network. */
export function countingFetch(): { fetch: typeof fetch; calls: { url: string; method: string; signal?: AbortSignal }[] } {
  const calls: { url: string; method: string; signal?: AbortSignal }[] = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push({ url: String(input), method: init?.method ?? 'GET', ...(init?.signal && { signal: init.signal }) });
      return fetch(input, init);
    },
  };
}

/** Real requests to the test proxy, spending this user's budget (defaults: list 60, accept/decline 30 a minute). */
export async function spend(n: number, path: string, body?: unknown): Promise<void> {
  for (let i = 0; i < n; i++) {
    const init: RequestInit =
      body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await fetch(path, init);
    await res.body?.cancel();
  }
}

/**
 * Mounts a prompt and waits for `until`: its first list (`invite-load`, whether or not it then
 * opens) or its opening. `setup` runs before it connects, like `mountLoaded`'s.
 */
export async function mountPrompt(
  until: 'invite-load' | 'invite-prompt-open',
  setup?: (el: InvitePrompt, wrapper: HTMLDivElement) => void,
): Promise<InvitePrompt> {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  const el = document.createElement('invite-prompt');
  setup?.(el, wrapper);
  const ready = next(el, until);
  wrapper.append(el);
  await ready;
  await el.inboxElement!.updateComplete;
  await el.updateComplete;
  return el;
}
