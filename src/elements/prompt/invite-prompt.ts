import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { LitElement, html, type PropertyDeclarations } from 'lit';
import type { InviteInbox } from '../inbox/invite-inbox.js';
import { InvitePromptCloseEvent, InvitePromptOpenEvent, type InvitePromptCloseReason } from './events.js';
import { styles } from './invite-prompt.styles.js';

const STORAGE_PREFIX = 'invite-prompt:snooze:';

/** The inbox's parts, re-exported under the same names so hosts style both alike. */
const INBOX_PARTS = [
  'heading: inbox-heading',
  'card',
  'checkbox',
  'title',
  'meta',
  'message',
  'badge',
  'error',
  'accept-button',
  'decline-button',
  'more-button',
  'capped',
  'deep-link',
  'notice',
  'sent-to',
].join(', ');

/**
 * The post-signup prompt: `<invite-inbox>` in a native modal dialog that opens
 * itself only when the user has something to join, and stays away for
 * `snooze-hours` after "Not now". The inbox's events bubble out unchanged.
 *
 * @summary Post-signup modal that offers the user's open invitations once.
 *
 * @event {InvitePromptOpenEvent} invite-prompt-open - The prompt opened itself (`openCount`).
 * @event {InvitePromptCloseEvent} invite-prompt-close - The prompt closed; `reason` is 'dismissed' | 'completed' | 'escape'.
 *
 * @slot heading - Replaces the dialog's title text.
 * @slot description - Replaces the dialog's description text.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart heading - The dialog's title.
 * @csspart description - The text under the title.
 * @csspart inbox - The inner `<invite-inbox>`; its own parts are exported too.
 * @csspart footer - The row holding "Not now".
 * @csspart not-now - The "Not now" button.
 *
 * @cssprop --invite-prompt-width - Dialog width (default 36rem).
 * @cssprop --invite-prompt-backdrop - Backdrop colour.
 * @cssprop --invite-color-surface - Dialog background.
 * @cssprop --invite-color-text - Text colour.
 * @cssprop --invite-color-muted - Secondary text colour.
 * @cssprop --invite-color-border - Border colour.
 * @cssprop --invite-color-accent - Focus ring colour.
 * @cssprop --invite-radius - Corner radius.
 * @cssprop --invite-space - Base spacing.
 */
export class InvitePrompt extends LitElement {
  static override styles = styles;

  // A static map, not decorators, as in <invite-inbox>: no decorator runtime in the bundle.
  static override properties: PropertyDeclarations = {
    endpoint: { attribute: 'endpoint' },
    locale: { attribute: 'locale' },
    snoozeHours: { attribute: 'snooze-hours', type: Number },
    completeDelay: { attribute: 'complete-delay', type: Number },
    returnFocus: { attribute: 'return-focus' },
    credentials: { attribute: 'credentials' },
    fetcher: { attribute: false },
    headers: { attribute: false },
  };

  /** Where the proxy is mounted. */
  endpoint = '/api/invitations';

  /** BCP 47 language tag; English when unset or not shipped. */
  declare locale?: string;

  /** How long "Not now" keeps the prompt away for this user, in hours. */
  snoozeHours = 24;

  /**
   * Milliseconds the success state stays visible (and its "Joined …" announcement is
   * read) before the prompt closes itself.
   */
  completeDelay = 1500;

  /**
   * CSS selector (in the prompt's document or shadow root) of the element to focus when the
   * dialog closes; by default the element that had focus when it opened. Made focusable
   * with `tabindex="-1"` if it is not.
   */
  declare returnFocus?: string;

  /** `fetch` credentials mode, forwarded to the inbox. */
  credentials: RequestCredentials = 'same-origin';

  /** A fetch-compatible function, for hosts that authenticate with a bearer token. */
  declare fetcher?: typeof fetch;

  /** Extra request headers, forwarded to the inbox. */
  declare headers?: HeadersInit;

  private closeReason: InvitePromptCloseReason = 'dismissed';
  private completeTimer?: ReturnType<typeof setTimeout>;
  private opener?: HTMLElement;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot?.querySelector('dialog') ?? null;
  }

  /** Whether the dialog is showing. */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** The inner inbox, for hosts that call `refresh()` or read `invitations`. */
  get inboxElement(): InviteInbox | null {
    return this.renderRoot?.querySelector<InviteInbox>('invite-inbox') ?? null;
  }

  /** Opens the dialog now, snoozed or not (e.g. from a "Show invitations" link). */
  show(): void {
    if (!this.dialog || this.dialog.open) return;
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    this.opener = active instanceof HTMLElement && active !== document.body ? active : undefined;
    this.dialog.showModal();
    this.dispatchEvent(new InvitePromptOpenEvent(this.inboxElement?.openCount ?? 0));
  }

  /** Closes the dialog as "Not now" would, snoozing it. */
  close(reason: InvitePromptCloseReason = 'dismissed'): void {
    if (!this.dialog?.open) return;
    this.closeReason = reason;
    if (reason !== 'completed') this.snooze();
    this.dialog.close(reason);
  }

  /** Forgets "Not now" for the current user, so the next load may open the prompt again. */
  clearSnooze(): void {
    try {
      void this.inboxElement?.saveSnooze(null);
      localStorage.removeItem(this.storageKey());
    } catch {
      // Storage can be unavailable (privacy modes); the prompt then just never snoozes.
    }
  }

  /** Whether "Not now" is in effect for the current user. */
  get snoozed(): boolean {
    if ((this.inboxElement?.snoozedUntil ?? 0) > Date.now()) return true;
    try {
      const until = Number(localStorage.getItem(this.storageKey()));
      return Number.isFinite(until) && until > Date.now();
    } catch {
      return false;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.completeTimer);
  }

  protected override render() {
    return html`
      <dialog
        part="dialog"
        aria-labelledby="heading"
        aria-describedby="description"
        @cancel=${this.onCancel}
        @close=${this.onClose}
      >
        <invite-inbox
          part="inbox"
          exportparts=${INBOX_PARTS}
          .endpoint=${this.endpoint}
          .locale=${this.locale}
          .credentials=${this.credentials}
          .fetcher=${this.fetcher}
          .headers=${this.headers}
          @invite-load=${this.onLoad}
          @invite-accepted=${this.onHandled}
          @invite-decline=${this.onHandled}
          @invite-dismiss=${this.onHandled}
          @invite-sync=${this.onHandled}
        >
          <!-- Opening focuses the title: the list below scrolls, and its first checkbox
               would put the user mid-content with no sense of what the dialog is. -->
          <div slot="header" class="header">
            <h2 id="heading" class="title" part="heading" tabindex="-1" autofocus>
              <slot name="heading">${msg('Join your team', { id: 'prompt.heading' })}</slot>
            </h2>
            <p id="description" class="description" part="description">
              <slot name="description"
                >${msg('You have been invited. Choose what to join — you can always do it later.', {
                  id: 'prompt.description',
                })}</slot
              >
            </p>
          </div>
        </invite-inbox>
        <div class="footer" part="footer">
          <button type="button" class="not-now" part="not-now" @click=${() => this.close('dismissed')}>
            ${msg('Not now', { id: 'prompt.notNow' })}
          </button>
        </div>
      </dialog>
    `;
  }

  private async onLoad(): Promise<void> {
    const inbox = this.inboxElement;
    if (!inbox) return;
    await inbox.updateComplete;
    if (!this.open && inbox.openCount > 0 && !this.snoozed) this.show();
  }

  /** Everything shown was accepted, declined or dismissed: the prompt has done its job. */
  private async onHandled(): Promise<void> {
    const inbox = this.inboxElement;
    if (!inbox) return;
    await inbox.updateComplete;
    if (!this.open || inbox.openCount > 0) return;
    clearTimeout(this.completeTimer);
    this.completeTimer = setTimeout(() => this.close('completed'), Math.max(0, this.completeDelay));
  }

  private onCancel(e: Event): void {
    // Escape fires `cancel` on the dialog; a nested control's own cancel must not count.
    if (e.target !== this.dialog) return;
    this.closeReason = 'escape';
    this.snooze();
  }

  private onClose(e: Event): void {
    if (e.target !== this.dialog) return;
    clearTimeout(this.completeTimer);
    const reason = this.closeReason;
    this.closeReason = 'dismissed';
    this.restoreFocus();
    this.dispatchEvent(new InvitePromptCloseEvent(reason));
  }

  /**
   * The dialog's own focus restore lands on <body> when the prompt opened by itself on
   * page load: go to the host's chosen element, else back to where the user was.
   */
  private restoreFocus(): void {
    const chosen = this.returnFocus ? (this.getRootNode() as ParentNode).querySelector<HTMLElement>(this.returnFocus) : null;
    const target = chosen ?? (this.opener?.isConnected ? this.opener : null);
    this.opener = undefined;
    if (!target) return;
    if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus();
  }

  private snooze(): void {
    try {
      const until = Date.now() + Math.max(0, this.snoozeHours) * 3_600_000;
      // Also with the proxy's preferences where it keeps them, so "Not now" holds on the user's other devices.
      void this.inboxElement?.saveSnooze(until);
      localStorage.setItem(this.storageKey(), String(until));
    } catch {
      // See clearSnooze.
    }
  }

  /**
   * Per user (the inbox's opaque `viewerKey`) and per endpoint, so one person's
   * "Not now" does not silence the prompt for the next account in this browser.
   * A proxy that sends no key leaves the endpoint alone as the key.
   */
  private storageKey(): string {
    const viewer = this.inboxElement?.viewerKey;
    return viewer ? `${STORAGE_PREFIX}${this.endpoint}:${viewer}` : `${STORAGE_PREFIX}${this.endpoint}`;
  }
}
