import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import {
  LIMITS,
  type AcceptResponse,
  type AcceptResult,
  type ApiErrorDetail,
  type InvitationListResponse,
  type InvitationView,
} from '../../shared/view-model.js';
import { apiJson, toFailure, type ApiFailure, type ApiOptions } from '../shared/api-client.js';
import { applyLocale, resolveLocale } from '../shared/i18n/localization.js';
import { formatList, formatNumber } from '../shared/i18n/format.js';
import { clean, invitationCard, type CardContext } from './invitation-card.js';
import {
  InviteAcceptEvent,
  InviteAcceptedEvent,
  InviteDeclineEvent,
  InviteDismissEvent,
  InviteErrorEvent,
  InviteLoadEvent,
  InviteSelectEvent,
  InviteSyncEvent,
  type InviteErrorPhase,
} from './events.js';
import { styles } from './invite-inbox.styles.js';
import { deepLinkNotice, deepLinkText, linkedId, type DeepLinkNotice } from './deep-link.js';
import { LiveSync, type SyncMessage } from '../shared/live-sync.js';
import { ServerPreferences } from '../shared/preferences.js';

/** `joined`: [how many joined, of how many] when a failure stopped a batched accept part-way. */
type ActionError = ApiFailure & { phase: InviteErrorPhase; joined?: readonly [number, number] };

/** How far beyond the viewport cards are rendered, in px: a fast scroll or a Tab finds them ready. */
const OVERSCAN = 600;
/** A card's height (with the gap after it) until one is measured, in px. */
const GUESS = 160;


/**
 * The signed-in user's open invitations and autojoin offers as cards, with
 * select-and-accept, decline and "not interested".
 *
 * @summary Lets a signed-in user review and accept their invitations.
 *
 * @event {InviteLoadEvent} invite-load - `{ invitations }` after every load.
 * @event {InviteSelectEvent} invite-select - `{ selectedIds }` when the selection changes.
 * @event {InviteAcceptEvent} invite-accept - `{ ids, invitations }`, cancelable, once before accepting (however many requests that takes); `waitUntil(promise)` to confirm asynchronously.
 * @event {InviteAcceptedEvent} invite-accepted - `{ accepted, failed }` with per-ID results, once for the whole set (also when a failure stopped it part-way; IDs never sent are in neither).
 * @event {InviteDeclineEvent} invite-decline - `{ invitation }` after a decline succeeded.
 * @event {InviteDismissEvent} invite-dismiss - `{ invitation }` when an autojoin offer is hidden.
 * @event {InviteErrorEvent} invite-error - `{ phase, status, code, message }` when a request fails.
 * @event {InviteSyncEvent} invite-sync - `{ action, ids }` after another tab of the same user accepted, declined or hid items.
 *
 * @slot header - Replaces the default "Invitations" heading.
 * @slot empty - Shown when nothing is open.
 * @slot footer - Below the list.
 *
 * @csspart card - Each invitation card (`data-state`: open, autojoin, failed, joined, expired).
 * @csspart title - The scope name.
 * @csspart meta - The sent / expires / members line.
 * @csspart message - The inviter's personal message (clamped to four lines until expanded).
 * @csspart more-button - "Show more" / "Show less" under a clamped message.
 * @csspart badge - "Autojoin", "Expired", "Joined".
 * @csspart checkbox - A card's selection checkbox, and "Select all".
 * @csspart accept-button - "Join" on a card and "Accept (n)" in the action bar.
 * @csspart decline-button - "Decline" and "Not interested".
 * @csspart error - Error messages.
 * @csspart heading - The default heading.
 * @csspart capped - "Showing 100 of 3,000 — …" when the proxy capped the list.
 * @csspart deep-link - The card opened from a deep link (also `part="card"`, `data-deep-link`).
 * @csspart notice - Why a deep-linked invitation can't be shown ("sent to a…@acme.com", "expired", …).
 * @csspart sent-to - Which of the user's addresses an invitation was sent to (when they have several).
 *
 * @cssprop --invite-color-surface - Card background.
 * @cssprop --invite-color-text - Main text colour.
 * @cssprop --invite-color-muted - Secondary text colour.
 * @cssprop --invite-color-border - Borders.
 * @cssprop --invite-color-accent - Primary buttons, focus ring, monograms.
 * @cssprop --invite-color-on-accent - Text on the accent colour.
 * @cssprop --invite-color-soft - Badges, autojoin cards, skeletons.
 * @cssprop --invite-color-success - Joined state.
 * @cssprop --invite-color-danger - Errors.
 * @cssprop --invite-radius - Corner radius of cards and buttons.
 * @cssprop --invite-space - Base spacing unit.
 * @cssprop --invite-font - The `font` shorthand.
 * @cssprop --invite-focus-ring - Box shadow of focused controls.
 */
export class InviteInbox extends LitElement {
  static override styles = styles;

  // A static map, not decorators: the decorator runtime would be the element's largest
  // dependency after Lit itself. Each field below is typed with `declare` or initialised.
  static override properties: PropertyDeclarations = {
    endpoint: { attribute: 'endpoint' },
    locale: { attribute: 'locale' },
    credentials: { attribute: 'credentials' },
    fetcher: { attribute: false },
    headers: { attribute: false },
    invitationId: { attribute: 'invitation-id' },
    deepLink: { attribute: 'deep-link', type: Boolean },
    refreshAfter: { attribute: 'refresh-after', type: Number },
    notice: { state: true },
    items: { state: true },
    selected: { state: true },
    failures: { state: true },
    accepting: { state: true },
    declining: { state: true },
    joined: { state: true },
    dismissed: { state: true },
    expanded: { state: true },
    actionError: { state: true },
    announcement: { state: true },
    loading: { state: true },
    loadError: { state: true },
    range: { state: true },
    batchProgress: { state: true },
  };

  /** URL of the proxy's invitations route; changing it reloads the list. */
  endpoint = '/api/invitations';

  /**
   * Language of messages, dates and numbers (BCP 47); defaults to the document's `lang`.
   * Messages come from Lit's localize library, whose locale is page-wide: the last element to set one wins.
   */
  declare locale?: string;

  /** `fetch` credentials mode; `include` for a proxy on another origin. */
  credentials: RequestCredentials = 'same-origin';

  /** A fetch-compatible function used for every request (e.g. to add a bearer token). */
  declare fetcher?: typeof fetch;

  /** Extra headers sent with every request. */
  declare headers?: HeadersInit;

  /** An invitation to show first (scrolled to, highlighted, selected), e.g. from the link in an invitation email. */
  declare invitationId?: string;

  /** Take the invitation to show first from the page URL's `?invitation=` when `invitation-id` is not set. */
  deepLink = false;

  /** Seconds the tab must have been hidden before showing it again reloads the list; 0 never reloads. */
  refreshAfter = 60;

  private declare notice?: DeepLinkNotice;
  /** The deep-linked card, highlighted; and the link last followed, so each is followed once. */
  private linked?: string;
  private followed?: string;
  private readonly live = new LiveSync(
    (m) => this.onSync(m),
    () => void this.refresh(),
    () => this.refreshAfter,
  );
  private readonly prefs = new ServerPreferences(() => `${this.base}/preferences`, () => this.options());

  private items: InvitationView[] = [];
  private selected = new Set<string>();
  private failures = new Map<string, ApiErrorDetail>();
  private accepting = new Set<string>();
  private declining = new Set<string>();
  private joined = new Set<string>();
  private dismissed = new Set<string>();
  private memo?: { items: InvitationView[]; dismissed: Set<string>; shown: InvitationView[]; open: InvitationView[] };
  private expanded = new Set<string>();
  private declare actionError?: ActionError;
  /** During an accept of more than `LIMITS.maxIds`: [IDs sent so far, of how many]. */
  private declare batchProgress?: readonly [number, number];
  private announcement = '';
  private loading = false;
  private declare loadError?: ApiFailure;

  // Set synchronously on the first click, before any await, so a double click
  // (or a second click while the host confirms) never sends a second request.
  private locked = false;
  /** Until when (epoch ms) the proxy asked us not to call again (429 `Retry-After`). */
  private retryAt = 0;
  private loaded = false;
  private storageKey = '';
  private viewer?: string;

  private load?: AbortController;
  private total?: number;
  // Unhides "Show more" where the four-line clamp cut a message; it runs after layout,
  // and for cards `content-visibility` skips, once they come near the viewport.
  // Written a frame later: a toggle that appears can add a scrollbar and resize every message.
  // A cut hides at least a line; a few pixels are rounding at fractional zoom.
  private readonly clamp = new ResizeObserver((es) => {
    const cut = es.map(({ target: m }) => [m, m.scrollHeight - m.clientHeight > 4 || m.getAttribute('data-open') == 'true'] as const);
    requestAnimationFrame(() => cut.forEach(([m, on]) => ((m.nextElementSibling as HTMLElement).hidden = !on)));
  });

  // Windowing: only cards near the viewport are in the DOM. Selection and counts live in the
  // Sets above, so "Select all" and "Accept (n)" cover every item, rendered or not.
  /**
   * Index range [from, to) of the items in or near the viewport. Before anything is measured:
   * as many guessed cards as fill the viewport and overscan, so the first paint needs no second render.
   */
  private range: [number, number] = [0, Math.ceil((innerHeight + OVERSCAN) / GUESS)];
  /** Index of the card that last held focus (or was scrolled to): it and its neighbours stay rendered, so Tab finds them. */
  private focusAt = -1;
  /** Item indices in the DOM, in order (what the last render put in the list). */
  private rendered: number[] = [];
  /** Measured card heights by item ID; unmeasured cards count as the average. */
  private readonly heights = new Map<string, number>();
  /** Top of each item in the list, as measured or estimated; `offsets[n]` is the list's height. */
  private offsets = new Float64Array(1);
  /** The list `offsets` was laid out for. */
  private laidOut?: InvitationView[];
  private frame = 0;
  private scrollTargets: EventTarget[] = [];

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback() {
    super.connectedCallback();
    // Scroll events do not cross shadow roots: listen on each root up to the document, so a
    // scrolling container anywhere above (a host's panel, the prompt's dialog) is heard.
    this.scrollTargets = [window];
    for (let r = this.getRootNode(); r instanceof ShadowRoot; r = r.host.getRootNode()) this.scrollTargets.push(r);
    for (const t of this.scrollTargets) t.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    window.addEventListener('resize', this.onScroll);
    this.live.start();
    // Moved in the DOM after a load: listen to the other tabs again.
    if (this.loaded) this.live.join(this.viewer, this.endpoint);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    for (const t of this.scrollTargets) t.removeEventListener('scroll', this.onScroll, { capture: true });
    window.removeEventListener('resize', this.onScroll);
    cancelAnimationFrame(this.frame);
    this.live.stop();
  }

  /** Invitations currently shown, including expired and accepted ones. */
  get invitations(): InvitationView[] {
    return [...this.shownOpen().shown];
  }

  /**
   * The last list response's `viewerKey`: an opaque, stable key of the signed-in user
   * (never the email), for remembering per-user choices. `undefined` until a list
   * arrives, or when the proxy sends none.
   */
  get viewerKey(): string | undefined {
    return this.viewer;
  }

  /** How many shown items can still be accepted. */
  get openCount(): number {
    return this.open().length;
  }

  /**
   * Scrolls the card of this invitation into view (rendering it first, wherever it is in a
   * long list), e.g. for a deep link. Resolves false when the invitation is not shown.
   */
  async scrollToInvitation(id: string): Promise<boolean> {
    await this.updateComplete;
    const at = this.shownOpen().shown.findIndex((i) => i.id === id);
    if (at < 0) return false;
    // Kept rendered like a focused card, wherever the viewport is until the scroll lands.
    this.focusAt = at;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector(`.list > [data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
    return true;
  }

  /** Reloads the list; a load already running is aborted. */
  refresh(): Promise<unknown> {
    const waiting = this.backingOff();
    if (waiting) return Promise.resolve((this.loadError = waiting));
    this.load?.abort();
    const load = (this.load = new AbortController());
    this.loading = true;
    this.loadError = undefined;
    // Only the latest load settles: a superseded, aborted one is neither shown nor reported.
    const latest = () => load === this.load && !(this.loading = false);
    return this.prefs
      .settled()
      .then(() => apiJson<InvitationListResponse>(this.endpoint, this.options(load.signal)))
      .then(
        (data) => latest() && this.receive(data),
        (e: unknown) => latest() && this.report('load', (this.loadError = toFailure(e))),
      );
  }

  /** Accepts the selected invitations. */
  acceptSelected(): Promise<void> {
    return this.accept([...this.selected]);
  }

  /**
   * Accepts these IDs: in one request, or, above `LIMITS.maxIds`, in consecutive requests of at
   * most that many, each answer applied as it arrives. IDs that are unknown, not pending or
   * hidden are ignored; a call while another accept runs does nothing. A failed request stops
   * the rest: what joined stays joined and the others stay selected, so accepting again sends
   * only those.
   */
  async accept(ids: string[]): Promise<void> {
    if (this.locked) return;
    const open = new Map(this.open().map((i) => [i.id, i]));
    const targets = [...new Set(ids)].flatMap((id) => open.get(id) ?? []);
    if (!targets.length) return;
    const waiting = this.backingOff();
    if (waiting) {
      this.actionError = { ...waiting, phase: 'accept' };
      // The alert already shows this text and would not speak it again: the status region does.
      this.announcement = this.errorText(waiting, 'accept');
      return;
    }
    const list = targets.map((i) => i.id);
    const of = targets.length;
    const accepted: InvitationView[] = [];
    const failed: AcceptResult[] = [];
    const selectedBefore = this.selected.size;
    this.locked = true;
    try {
      const ev = new InviteAcceptEvent(list, targets);
      if (!this.dispatchEvent(ev)) return;
      if (ev.confirmation && !(await ev.confirmation.then((v) => v !== false, () => false))) return;
      this.actionError = undefined;
      this.announcement = '';
      for (let at = 0; at < of; at += LIMITS.maxIds) {
        const batch = targets.slice(at, at + LIMITS.maxIds);
        this.accepting = new Set(batch.map((i) => i.id));
        if (of > LIMITS.maxIds) this.announcement = this.progressText((this.batchProgress = [at + batch.length, of]));
        let results: AcceptResult[];
        try {
          const res = await apiJson<AcceptResponse>(`${this.base}/accept`, this.options(), { invitationIds: [...this.accepting] });
          results = Array.isArray(res.results) ? res.results : [];
        } catch (e) {
          const f = toFailure(e);
          // The one alert says it (and how many joined): the status region would repeat it.
          this.announcement = '';
          this.actionError = { ...f, phase: 'accept', ...(at && { joined: [accepted.length, of] as const }) };
          this.report('accept', f);
          break;
        }
        this.applyResults(batch, results, accepted, failed);
      }
      // The first request failed: nothing answered, the error says so.
      if (!accepted.length && !failed.length) return;
      const names = (l: { id: string }[]) => formatList(this.intlLocale, l.map((x) => clean(open.get(x.id)?.scope.name, 80)));
      // Stopped part-way: the alert speaks for the whole set.
      if (!this.actionError)
        this.announcement =
          of > LIMITS.maxIds
            ? msg(str`Joined ${this.countText(accepted.length)} of ${this.countText(of)}.`, { id: 'announce.joined-count' })
            : [
                accepted.length ? msg(str`Joined ${names(accepted)}.`, { id: 'announce.joined' }) : '',
                failed.length ? msg(str`Couldn't join ${names(failed)}.`, { id: 'announce.failed' }) : '',
              ].join(' ');
      // Once for the whole set, whatever the number of requests: hosts see one outcome per click.
      this.dispatchEvent(new InviteAcceptedEvent(accepted, failed));
      if (accepted.length || this.selected.size !== selectedBefore) this.emitSelect();
    } finally {
      this.locked = false;
      this.accepting = new Set();
      this.batchProgress = undefined;
      await this.updateComplete;
      this.moveFocus();
    }
  }

  private receive(data: InvitationListResponse) {
    const list = Array.isArray(data.invitations) ? data.invitations : [];
    this.viewer = typeof data.viewerKey === 'string' ? data.viewerKey : undefined;
    this.total = typeof data.total === 'number' ? data.total : undefined;
    this.storageKey = data.viewerKey ? `invite-inbox:dismissed:${data.viewerKey}:${this.endpoint}` : '';
    this.prefs.adopt(data.preferences);
    const local = this.readDismissed();
    // Dismissed on another device, or here before the server kept them: one set, saved where it is kept.
    const server = this.prefs.current?.dismissed ?? [];
    this.dismissed = new Set([...server, ...local]);
    if (local.some((id) => !server.includes(id))) void this.prefs.save({ dismissed: [...this.dismissed] });
    this.live.join(this.viewer, this.endpoint);
    this.items = list;
    if (this.selected.size) {
      const ids = new Set(list.map((i) => i.id));
      this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
    }
    this.failures = new Map();
    this.joined = new Set();
    this.loaded = true;
    this.dispatchEvent(new InviteLoadEvent(this.invitations));
    void this.followLink();
  }

  /**
   * Until when (epoch ms) the user snoozed `<invite-prompt>`, as the proxy's preferences
   * say; 0 when it keeps none. Read by the prompt so "Not now" follows the user.
   */
  get snoozedUntil(): number {
    return Date.parse(this.prefs.current?.snoozedUntil ?? '') || 0;
  }

  /** Stores the prompt's snooze with the proxy's preferences; false where it keeps none. */
  saveSnooze(until: number | null): Promise<boolean> {
    return this.prefs.save({ snoozedUntil: until === null ? null : new Date(until).toISOString() });
  }

  /** Shows the deep-linked invitation: its card scrolled to, selected and focused, or a notice why not. */
  private async followLink() {
    const id = linkedId(this.invitationId, this.deepLink);
    if (!id || id === this.followed) return;
    this.followed = id;
    const listed = this.shownOpen().shown.find((i) => i.id === id);
    this.notice = await deepLinkNotice(listed, `${this.base}/${encodeURIComponent(id)}`, this.options());
    if (!listed) return;
    this.linked = id;
    if (listed.status === 'pending' && !this.selected.has(id)) this.toggle(id, true);
    if (await this.scrollToInvitation(id))
      this.renderRoot.querySelector<HTMLElement>(`.list > [data-id="${CSS.escape(id)}"] input`)?.focus();
  }

  /** Another tab of this user answered: show the same here without asking the proxy. */
  private onSync({ action, ids }: SyncMessage) {
    const hit = new Set(ids);
    if (action === 'dismissed') this.dismissed = new Set([...this.dismissed, ...ids]);
    else if (action === 'declined') this.items = this.items.filter((i) => !hit.has(i.id));
    else this.items = this.items.map((i) => (hit.has(i.id) ? { ...i, status: 'accepted' } : i));
    this.dropSelection(ids);
    this.dispatchEvent(new InviteSyncEvent(action, ids));
  }

  /** One request's answer: cards flip to joined or failed now; `accepted` and `failed` collect the whole set's. */
  private applyResults(batch: InvitationView[], results: AcceptResult[], accepted: InvitationView[], failed: AcceptResult[]) {
    const byId = new Map(results.map((r) => [r.id, r]));
    const failures = new Map(this.failures);
    const selected = new Set(this.selected);
    const joined = new Set(this.joined);
    const replaced = new Map<string, InvitationView>();
    const now: string[] = [];
    for (const inv of batch) {
      const r = byId.get(inv.id);
      if (r?.ok) {
        const view: InvitationView = { ...inv, ...r.invitation, id: inv.id, status: 'accepted' };
        replaced.set(inv.id, view);
        accepted.push(view);
        now.push(inv.id);
        joined.add(inv.id);
        selected.delete(inv.id);
        failures.delete(inv.id);
      } else {
        const error = r?.error ?? { code: 'upstream_error', message: 'No result for this invitation' };
        failed.push({ id: inv.id, ok: false, error });
        failures.set(inv.id, error);
        selected.add(inv.id);
      }
    }
    this.items = this.items.map((i) => replaced.get(i.id) ?? i);
    Object.assign(this, { failures, selected, joined });
    this.live.post('accepted', now);
  }

  private async decline(inv: InvitationView) {
    if (this.locked || this.declining.has(inv.id)) return;
    const waiting = this.backingOff();
    if (waiting) return void (this.actionError = { ...waiting, phase: 'decline' });
    // Focus stays on this card if the decline fails, else moves to the one taking its place.
    const at = this.position(inv);
    this.declining = new Set(this.declining).add(inv.id);
    this.actionError = undefined;
    try {
      await apiJson(`${this.base}/${encodeURIComponent(inv.id)}/decline`, this.options(), {});
      this.items = this.items.filter((i) => i.id !== inv.id);
      this.dropSelection([inv.id]);
      this.announcement = msg(str`Declined ${clean(inv.scope.name, 80)}.`, { id: 'announce.declined' });
      this.live.post('declined', [inv.id]);
      this.dispatchEvent(new InviteDeclineEvent(inv));
    } catch (e) {
      const f = toFailure(e);
      this.actionError = { ...f, phase: 'decline' };
      this.report('decline', f);
    } finally {
      const d = new Set(this.declining);
      d.delete(inv.id);
      this.declining = d;
      await this.updateComplete;
      this.moveFocus(at);
    }
  }

  private async dismiss(inv: InvitationView) {
    if (this.locked) return;
    const at = this.position(inv);
    this.dismissed = new Set(this.dismissed).add(inv.id);
    this.dropSelection([inv.id]);
    try {
      if (this.storageKey) localStorage.setItem(this.storageKey, JSON.stringify([...this.dismissed]));
    } catch {
      // Storage can be full or blocked (private mode, sandboxed iframes); the event still tells the host.
    }
    void this.prefs.save({ dismissed: [...this.dismissed] });
    this.live.post('dismissed', [inv.id]);
    this.announcement = msg(str`Hid ${clean(inv.scope.name, 80)}.`, { id: 'announce.hidden' });
    this.dispatchEvent(new InviteDismissEvent(inv));
    await this.updateComplete;
    this.moveFocus(at);
  }

  private readDismissed(): string[] {
    try {
      const v: unknown = this.storageKey ? JSON.parse(localStorage.getItem(this.storageKey) ?? '[]') : [];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  private toggle(id: string, on: boolean) {
    const s = new Set(this.selected);
    if (on) s.add(id);
    else s.delete(id);
    this.selected = s;
    this.emitSelect();
  }

  private toggleAll(on: boolean) {
    this.selected = new Set(on ? this.open().map((i) => i.id) : []);
    this.emitSelect();
  }

  /** Unselects these IDs; `invite-select` only when that changed the selection. */
  private dropSelection(ids: readonly string[]) {
    const s = new Set(this.selected);
    for (const id of ids) s.delete(id);
    if (s.size === this.selected.size) return;
    this.selected = s;
    this.emitSelect();
  }

  private emitSelect() {
    this.dispatchEvent(new InviteSelectEvent([...this.selected]));
  }

  private report(phase: InviteErrorPhase, f: ApiFailure) {
    // Rate-limited: send nothing more until the proxy's Retry-After has passed.
    if (f.status === 429) this.retryAt = Date.now() + (f.retryAfter ?? 5) * 1000;
    this.dispatchEvent(new InviteErrorEvent(phase, f.code, f.message, f.status));
  }

  private position(inv: InvitationView) {
    return this.shownOpen().shown.findIndex((i) => i.id === inv.id);
  }

  /**
   * After an action the clicked control may be gone: land on the next thing to do.
   * After a decline or hide (`at` = the card's former position) that is the card now
   * in its place or the nearest one before it, else the heading, so keyboard users
   * stay where they were in the list.
   */
  private moveFocus(at?: number) {
    const root = this.renderRoot as ShadowRoot;
    const active = root.activeElement;
    // Focus still on a live, enabled control: leave it there.
    if (at === undefined && active && active.isConnected && !(active as HTMLButtonElement).disabled) return;
    // Indexed by item, not by DOM position: only a window of the list is rendered.
    const controls: (HTMLElement | null)[] = [];
    root.querySelectorAll('.list > .card').forEach((c, k) => (controls[this.rendered[k]!] = c.querySelector<HTMLElement>('input, button')));
    const target =
      at === undefined
        ? (root.querySelector<HTMLElement>('[data-state="failed"] .check') ?? root.querySelector<HTMLElement>('input.check'))
        : (controls.slice(at).find(Boolean) ?? controls.slice(0, at).reverse().find(Boolean));
    target?.focus();
    // No control left: a heading or panel that is actually rendered (a host's `header` or
    // `empty` slot replaces ours), never <body>.
    if (!target || root.activeElement !== target)
      (at === undefined ? ['.panel', '.heading'] : ['.heading', '.panel'])
        .concat('.root')
        .map((q) => root.querySelector<HTMLElement>(q))
        .find((e) => e?.getClientRects().length)
        ?.focus();
  }

  private toggleMore(id: string) {
    const s = new Set(this.expanded);
    if (!s.delete(id)) s.add(id);
    this.expanded = s;
  }

  /** The proxy capped the list: say how many more there are. */
  private renderTotal() {
    const n = this.items.length;
    const total = this.total ?? 0;
    return total > n
      ? html`<p class="capped" part="capped">${msg(str`Showing ${this.countText(n)} of ${this.countText(total)} — answer some to see the rest.`, { id: 'list.capped' })}</p>`
      : nothing;
  }

  private open() {
    return this.shownOpen().open;
  }

  /**
   * What is shown and what can be accepted, worked out once per change of `items` or
   * `dismissed` (both are replaced, never mutated), not on every render, click and scroll:
   * at 10,000 items each pass is felt.
   */
  private shownOpen() {
    const m = this.memo;
    if (m?.items === this.items && m.dismissed === this.dismissed) return m;
    const shown: InvitationView[] = [];
    const open: InvitationView[] = [];
    for (const i of this.items)
      if (!this.dismissed.has(i.id)) {
        shown.push(i);
        if (i.status === 'pending') open.push(i);
      }
    return (this.memo = { items: this.items, dismissed: this.dismissed, shown, open });
  }

  private get base() {
    return this.endpoint.replace(/\/+$/, '');
  }

  private get intlLocale() {
    const tag = this.locale || document.documentElement.lang || 'en';
    return resolveLocale(tag) === tag.toLowerCase().split(/[-_]/)[0] ? tag : 'en';
  }

  private options(signal?: AbortSignal): ApiOptions {
    return { fetcher: this.fetcher, credentials: this.credentials, headers: this.headers, ...(signal && { signal }) };
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('locale') || !this.hasUpdated) void applyLocale(this.locale || document.documentElement.lang);
    if (changed.has('endpoint')) void this.refresh();
    if (changed.has('invitationId') && this.loaded) void this.followLink();
  }

  /** While backing off after a 429: the failure to show instead of sending a request. */
  private backingOff(): ApiFailure | undefined {
    const wait = Math.ceil((this.retryAt - Date.now()) / 1000);
    return wait > 0 ? { status: 429, code: 'rate_limited', message: 'Too many requests', retryAfter: wait } : undefined;
  }

  private countText(n: number) {
    return formatNumber(this.intlLocale, n);
  }

  private progressText([sent, of]: readonly [number, number]) {
    return msg(str`Joining ${this.countText(sent)} of ${this.countText(of)}…`, { id: 'accepting.progress' });
  }

  private actionErrorText(e: ActionError): string {
    if (!e.joined) return this.errorText(e, e.phase);
    const [joined, of] = e.joined;
    // "Nothing was changed" (the accept text for a dropped connection) would be untrue here.
    const why = this.errorText(e, e.code === 'network' ? 'load' : 'accept');
    return `${msg(str`Joined ${this.countText(joined)} of ${this.countText(of)} — ${this.countText(of - joined)} still to join.`, { id: 'error.accept.partial' })} ${why}`;
  }

  private errorText(f: ApiFailure, phase: InviteErrorPhase): string {
    if (f.status === 429)
      return msg(str`Too many requests — try again in ${f.retryAfter ?? 5} seconds.`, { id: 'error.rate-limited' });
    if (f.code === 'network')
      return phase === 'load'
        ? msg("Can't reach the server. Check your connection and try again.", { id: 'error.network' })
        : msg("Can't reach the server. Nothing was changed; please try again.", { id: 'error.network.action' });
    if (f.status === 401) return msg('Your session has ended. Sign in again to see your invitations.', { id: 'error.auth' });
    if (phase === 'decline') return msg("Couldn't decline. Please try again.", { id: 'error.decline' });
    if (phase === 'accept') return msg("Couldn't accept. Please try again.", { id: 'error.accept' });
    return (f.status ?? 0) >= 500
      ? msg('Something went wrong on our side. Please try again.', { id: 'error.server' })
      : msg("Couldn't load your invitations.", { id: 'error.load' });
  }

  /**
   * The item indices to render: the viewport's range, the focused card with its neighbours,
   * and the first and last card (so Tab into the list and Shift+Tab from the action bar land
   * where they would in the full list). Lays out where every item sits when the list changed.
   */
  private windowed(shown: InvitationView[]): number[] {
    const n = shown.length;
    if (this.laidOut !== shown) this.layOut(shown);
    const [from, to] = this.range;
    const f = Math.min(this.focusAt, n - 1);
    // Only the window and a few kept cards are visited, not every item.
    const out = new Set<number>();
    for (let i = from; i < Math.min(to, n); i++) out.add(i);
    for (const i of [0, n - 1, f - 1, f, f + 1]) if (i >= 0 && i < n) out.add(i);
    return (this.rendered = [...out].sort((a, b) => a - b));
  }

  /** Where every item sits: measured heights, the average of those for the others. */
  private layOut(shown: InvitationView[]) {
    let sum = 0;
    for (const h of this.heights.values()) sum += h;
    const guess = this.heights.size ? sum / this.heights.size : GUESS;
    const offsets = (this.offsets = new Float64Array(shown.length + 1));
    for (let i = 0; i < shown.length; i++) offsets[i + 1] = offsets[i]! + (this.heights.get(shown[i]!.id) ?? guess);
    this.laidOut = shown;
  }

  /** The item range in or near the viewport, from the list's place on screen. */
  private visibleRange(): [number, number] {
    const list = this.renderRoot.querySelector('.list');
    const o = this.offsets;
    if (!list || o.length < 2) return this.range;
    const top = list.getBoundingClientRect().top;
    const a = -top - OVERSCAN;
    const b = innerHeight - top + OVERSCAN;
    let from = 0;
    while (from < o.length - 2 && o[from + 1]! < a) from++;
    let to = from;
    while (to < o.length - 1 && o[to]! < b) to++;
    return [from, Math.max(to, from + 1)];
  }

  private readonly onScroll = () => {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.place());
  };

  private readonly onFocusIn = (e: Event) => {
    const cards = [...this.renderRoot.querySelectorAll('.list > .card')];
    const k = cards.indexOf((e.target as Element).closest('.card')!);
    if (k >= 0 && this.rendered[k] !== this.focusAt) {
      this.focusAt = this.rendered[k]!;
      this.requestUpdate();
    }
  };

  /**
   * After each render: give the rendered cards their place in the whole list (ARIA position,
   * and a margin standing in for the cards skipped before them), learn their heights, and
   * move the window if the viewport now shows other items.
   */
  private place() {
    const cards = this.renderRoot.querySelectorAll<HTMLElement>('.list > .card');
    // The skeleton's cards stand for no item: a scroll while loading has nothing to place.
    if (!cards.length || !this.loaded) return;
    const { shown } = this.shownOpen();
    const gap = parseFloat(getComputedStyle(cards[0]!.parentElement!).rowGap) || 0;
    // All reads, then all writes: a write between two reads would force a layout per card.
    // With the gap after it, so offsets are the cards' real places in the list.
    const measured = [...cards].map((card) => card.offsetHeight + gap);
    let moved = false;
    measured.forEach((h, k) => {
      const id = shown[this.rendered[k]!]!.id;
      if (this.heights.get(id) === h) return;
      this.heights.set(id, h);
      moved = true;
    });
    // New heights move every card after them: lay the list out again now, not in a second render.
    if (moved) this.layOut(shown);
    const o = this.offsets;
    cards.forEach((card, k) => {
      const i = this.rendered[k]!;
      const prev = k ? this.rendered[k - 1]! : i - 1;
      // Written only when changed: this runs on every scrolled frame, and each write reaches the accessibility tree.
      const pos = String(i + 1);
      const size = String(shown.length);
      const margin = i - prev > 1 ? `${Math.round(o[i]! - o[prev + 1]!)}px` : '';
      if (card.ariaPosInSet !== pos) card.ariaPosInSet = pos;
      if (card.ariaSetSize !== size) card.ariaSetSize = size;
      if (card.style.marginBlockStart !== margin) card.style.marginBlockStart = margin;
    });
    const [from, to] = this.visibleRange();
    const [was, until] = this.range;
    // A window up to two cards wider than needed stays: narrowing it would cost a render (before the first paint, a second one) for nothing.
    if (from < was || to > until || from - was > 2 || until - to > 2) this.range = [from, to];
  }

  // The room focus scrolling keeps below a control is the bar's real height: an alert, a long
  // translation or zoom makes it taller than the stylesheet's estimate.
  private readonly barRoom = new ResizeObserver(([e]) =>
    this.renderRoot.querySelector<HTMLElement>('.root')?.style.setProperty('--_bar-room', `calc(${e!.borderBoxSize[0]!.blockSize}px + var(--_space))`),
  );

  protected override updated() {
    // Observing again (a no-op for a message already watched) picks up cards the window just rendered.
    for (const m of this.renderRoot.querySelectorAll('.message')) this.clamp.observe(m);
    const bar = this.renderRoot.querySelector('.bar');
    if (bar) this.barRoom.observe(bar);
    if (this.loaded) this.place();
  }

  private renderSkeleton() {
    const card = html`<li class="card skeleton">
      <span class="check"></span><span class="avatar"></span>
      <span class="body"><i></i><i></i><i></i></span>
    </li>`;
    return html`<p class="sr" role="status">${msg('Loading invitations…', { id: 'loading' })}</p>
      <ul class="list" aria-hidden="true">${card}${card}${card}</ul>`;
  }

  protected override render() {
    const loadError = this.loadError;
    const busy = this.accepting.size > 0 || this.declining.size > 0 || this.loading;
    // The status region sits outside the busy container: assistive tech may hold back what changes
    // inside an aria-busy subtree, and the progress of a long accept must be heard while it runs.
    return html`<div class="sr" role="status" aria-live="polite">${this.announcement}</div>
      <div class="root" tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
      <slot name="header"><h2 class="heading" part="heading" tabindex="-1">${msg('Invitations', { id: 'heading' })}</h2></slot>
      ${loadError
        ? html`<div class="panel" role="alert" part="error">
            <strong>${this.errorText(loadError, 'load')}</strong>
            <button class="primary" @click=${() => this.refresh()}>${msg('Try again', { id: 'retry' })}</button>
          </div>`
        : !this.loaded
          ? this.renderSkeleton()
          : this.renderList()}
      <slot name="footer"></slot>
    </div>`;
  }

  private renderList() {
    const { shown, open } = this.shownOpen();
    const n = this.selected.size && open.filter((i) => this.selected.has(i.id)).length;
    const accepting = this.accepting.size > 0;
    const ctx = { locale: this.intlLocale, now: Date.now(), locked: accepting } as CardContext;
    const card = (inv: InvitationView) =>
      invitationCard(inv, {
        ...ctx,
        selected: this.selected.has(inv.id),
        busy: this.accepting.has(inv.id) || this.declining.has(inv.id),
        justJoined: this.joined.has(inv.id),
        failure: this.failures.get(inv.id),
        onToggle: (id, on) => this.toggle(id, on),
        onJoin: (id) => void this.accept([id]),
        onDecline: (i) => void this.decline(i),
        onDismiss: (i) => void this.dismiss(i),
        expanded: this.expanded.has(inv.id),
        onMore: (id) => this.toggleMore(id),
        linked: this.linked === inv.id,
      });
    // In the sticky bar while there is one, beside the button it is about: after the list, the
    // alert of a long list would be out of sight.
    const actionAlert = this.actionError
      ? html`<p class="inline-alert" role="alert" part="error">${this.actionErrorText(this.actionError)}</p>`
      : nothing;
    return html`${this.notice ? html`<p class="notice" part="notice" role="status">${deepLinkText(this.notice)}</p>` : nothing}
      ${open.length
        ? nothing
        : this.joined.size
          ? html`<div class="panel" tabindex="-1">
              <strong>${msg("You're all set", { id: 'done.title' })}</strong>
              <span>${msg('You joined everything you were invited to.', { id: 'done.body' })}</span>
            </div>`
          : html`<slot name="empty"
              ><div class="panel" tabindex="-1">
                <strong>${msg('No open invitations', { id: 'empty.title' })}</strong>
                <span>${msg("When someone invites you, you'll see it here.", { id: 'empty.body' })}</span>
              </div></slot
            >`}
      ${shown.length
        ? html`<ul class="list" aria-label=${msg('Invitations', { id: 'heading' })} @focusin=${this.onFocusIn}>
            ${repeat(this.windowed(shown), (i) => shown[i]!.id, (i) => card(shown[i]!))}
          </ul>`
        : nothing}
      ${this.renderTotal()}
      ${open.length ? nothing : actionAlert}
      ${open.length
        ? html`<div class="bar">
            ${actionAlert}
            <label
              ><input
                type="checkbox"
                part="checkbox"
                .checked=${n > 0 && n === open.length}
                .indeterminate=${n > 0 && n < open.length}
                ?disabled=${accepting}
                @change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)}
              />${msg('Select all', { id: 'selectAll' })}</label
            >
            <button
              class="primary"
              part="accept-button"
              ?disabled=${n === 0 && !accepting}
              aria-disabled=${accepting ? 'true' : 'false'}
              @click=${() => void this.acceptSelected()}
            >
              ${accepting
                ? this.batchProgress
                  ? this.progressText(this.batchProgress)
                  : msg('Accepting…', { id: 'accepting' })
                : msg(str`Accept (${n})`, { id: 'acceptN' })}
            </button>
          </div>`
        : nothing}`;
  }
}
