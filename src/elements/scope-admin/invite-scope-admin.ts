import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { DOMAIN_NAME, LIMITS, type AutojoinSettings, type ScopeInvitationView, type ScopeInvitationsPage } from '../../shared/view-model.js';
import { apiJson, toFailure, type ApiFailure, type ApiOptions } from '../shared/api-client.js';
import { applyLocale, resolveLocale } from '../shared/i18n/localization.js';
import { InviteAdminErrorEvent, InviteAutojoinChangeEvent, type InviteAdminErrorPhase } from './events.js';
import { styles } from './invite-scope-admin.styles.js';

/** The proxy refuses longer lists; saying so here beats a 400. */
const MAX_DOMAINS = LIMITS.maxAutojoinDomains;

/** On a narrow table an address wraps before its "@" rather than mid-word. */
const breakableAddress = (address: string) => {
  const at = address.lastIndexOf('@');
  return at > 0 ? html`${address.slice(0, at)}<wbr />${address.slice(at)}` : address;
};


/**
 * An admin panel for one scope: its pending invitations (paginated) and the
 * email domains whose users may join it without an invitation. The proxy lets
 * only the scope's admins in; everyone else sees why.
 *
 * @summary Admin view of a scope's invitations and autojoin domains.
 *
 * @event {InviteAutojoinChangeEvent} invite-autojoin-change - The domain list was saved (`domains`).
 * @event {InviteAdminErrorEvent} invite-admin-error - A request failed (`phase`, `status`, `code`, `message`).
 *
 * @csspart table - The invitations table.
 * @csspart more-button - "Show more".
 * @csspart domain - Each autojoin domain chip.
 * @csspart remove-button - A domain's "Remove" button.
 * @csspart input - The domain input.
 * @csspart add-button - The "Add domain" button.
 * @csspart error - Error messages.
 *
 * @cssprop --invite-color-surface - Table and input background.
 * @cssprop --invite-color-text - Main text colour.
 * @cssprop --invite-color-muted - Secondary text colour.
 * @cssprop --invite-color-border - Borders.
 * @cssprop --invite-color-accent - Primary button and focus ring.
 * @cssprop --invite-color-on-accent - Text on the accent colour.
 * @cssprop --invite-color-soft - Table header and badges.
 * @cssprop --invite-color-success - Saved message, accepted badge.
 * @cssprop --invite-color-danger - Errors, expired badge.
 * @cssprop --invite-radius - Corner radius.
 * @cssprop --invite-space - Base spacing unit.
 * @cssprop --invite-font - The `font` shorthand.
 */
export class InviteScopeAdmin extends LitElement {
  static override styles = styles;

  // A static map, not decorators, as in <invite-inbox>: no decorator runtime in the bundle.
  static override properties: PropertyDeclarations = {
    endpoint: { attribute: 'endpoint' },
    scopeType: { attribute: 'scope-type' },
    scope: { attribute: 'scope' },
    locale: { attribute: 'locale' },
    credentials: { attribute: 'credentials' },
    fetcher: { attribute: false },
    headers: { attribute: false },
    rows: { state: true },
    nextStart: { state: true },
    loadingMore: { state: true },
    moreError: { state: true },
    domains: { state: true },
    fieldError: { state: true },
    saving: { state: true },
    announcement: { state: true },
  };

  /** Where the proxy is mounted. */
  endpoint = '/api/invitations';

  /** The scope's type, e.g. "workspace". */
  scopeType = 'default';

  /** The scope's ID in the host's system. */
  scope = '';

  /** BCP 47 language tag; English when unset or not shipped. */
  declare locale?: string;

  /** `fetch` credentials mode. */
  credentials: RequestCredentials = 'same-origin';

  /** A fetch-compatible function, for hosts that authenticate with a bearer token. */
  declare fetcher?: typeof fetch;

  /** Extra request headers. */
  declare headers?: HeadersInit;

  private rows: ScopeInvitationView[] = [];
  private nextStart: number | null = null;
  private loadingMore = false;
  private declare moreError?: ApiFailure;
  private domains: string[] = [];
  private fieldError = '';
  private saving = false;
  private announcement = '';

  private readonly invitations = new Task(this, {
    args: () => [this.scopeUrl] as const,
    task: async ([url], { signal }) => {
      if (!url) return;
      try {
        const page = await apiJson<ScopeInvitationsPage>(url, this.options(signal));
        this.rows = Array.isArray(page.invitations) ? page.invitations : [];
        this.nextStart = typeof page.nextStart === 'number' ? page.nextStart : null;
        this.moreError = undefined;
      } catch (e) {
        if (!signal.aborted) this.report('invitations', toFailure(e));
        throw e;
      }
    },
  });

  private readonly autojoin = new Task(this, {
    args: () => [this.scopeUrl] as const,
    task: async ([url], { signal }) => {
      if (!url) return;
      try {
        const data = await apiJson<AutojoinSettings>(`${url}/autojoin`, this.options(signal));
        this.domains = Array.isArray(data.domains) ? data.domains : [];
      } catch (e) {
        if (!signal.aborted) this.report('autojoin-load', toFailure(e));
        throw e;
      }
    },
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  private get input(): HTMLInputElement | null {
    return this.renderRoot?.querySelector<HTMLInputElement>('#domain') ?? null;
  }

  /** Reloads both lists. */
  refresh(): Promise<unknown> {
    return Promise.allSettled([this.invitations.run(), this.autojoin.run()]);
  }

  /** Loads the next page of invitations and appends it. */
  async loadMore(): Promise<void> {
    if (this.nextStart === null || this.loadingMore || !this.scopeUrl) return;
    this.loadingMore = true;
    this.moreError = undefined;
    try {
      const page = await apiJson<ScopeInvitationsPage>(`${this.scopeUrl}?start=${this.nextStart}`, this.options());
      const seen = new Set(this.rows.map((r) => r.id));
      this.rows = [...this.rows, ...(page.invitations ?? []).filter((r) => !seen.has(r.id))];
      this.nextStart = typeof page.nextStart === 'number' ? page.nextStart : null;
      this.announcement = msg(str`Showing ${this.rows.length} invitations.`, { id: 'scopeAdmin.showing' });
    } catch (e) {
      this.moreError = toFailure(e);
      this.report('invitations', this.moreError);
    } finally {
      this.loadingMore = false;
    }
  }

  /** Adds a domain to the autojoin list and saves it. Resolves false when it was refused. */
  async addDomain(raw: string): Promise<boolean> {
    const domain = raw.trim().toLowerCase().replace(/^@/, '');
    let problem = '';
    if (!domain) problem = msg('Enter a domain, like example.com.', { id: 'scopeAdmin.domainEmpty' });
    else if (!DOMAIN_NAME.test(domain))
      problem = msg(str`"${domain}" is not a domain name. Use a form like example.com.`, { id: 'scopeAdmin.domainInvalid' });
    else if (this.domains.includes(domain))
      problem = msg(str`${domain} is already on the list.`, { id: 'scopeAdmin.domainDuplicate' });
    else if (this.domains.length >= MAX_DOMAINS)
      problem = msg(str`At most ${MAX_DOMAINS} domains can be listed.`, { id: 'scopeAdmin.domainTooMany' });
    this.fieldError = problem;
    if (problem) return false;
    const ok = await this.save([...this.domains, domain], msg(str`Added ${domain}.`, { id: 'scopeAdmin.added' }));
    if (ok && this.input) this.input.value = '';
    return ok;
  }

  /** Removes a domain from the autojoin list and saves it. */
  async removeDomain(domain: string): Promise<boolean> {
    const ok = await this.save(
      this.domains.filter((d) => d !== domain),
      msg(str`Removed ${domain}.`, { id: 'scopeAdmin.removed' }),
    );
    // The chip and its button are gone; the input is the next sensible place.
    if (ok) this.input?.focus();
    return ok;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') || !this.hasUpdated) void applyLocale(this.locale || document.documentElement.lang);
  }

  private get scopeUrl(): string {
    if (!this.scope || !this.scopeType) return '';
    const base = this.endpoint.replace(/\/+$/, '');
    return `${base}/scopes/${encodeURIComponent(this.scopeType)}/${encodeURIComponent(this.scope)}`;
  }

  private get intlLocale(): string {
    const tag = this.locale || document.documentElement.lang || 'en';
    return resolveLocale(tag) === tag.toLowerCase().split(/[-_]/)[0] ? tag : 'en';
  }

  private options(signal?: AbortSignal): ApiOptions {
    return { fetcher: this.fetcher, credentials: this.credentials, headers: this.headers, ...(signal && { signal }) };
  }

  private async save(domains: string[], done: string): Promise<boolean> {
    if (this.saving || !this.scopeUrl) return false;
    this.saving = true;
    this.fieldError = '';
    this.announcement = '';
    try {
      const data = await apiJson<AutojoinSettings>(`${this.scopeUrl}/autojoin`, {
        ...this.options(),
        method: 'PUT',
        body: { domains },
      });
      this.domains = Array.isArray(data.domains) ? data.domains : domains;
      this.announcement = done;
      this.dispatchEvent(new InviteAutojoinChangeEvent(this.scopeType, this.scope, [...this.domains]));
      return true;
    } catch (e) {
      const f = toFailure(e);
      this.fieldError = this.errorText(f);
      this.report('autojoin-save', f);
      return false;
    } finally {
      this.saving = false;
    }
  }

  private report(phase: InviteAdminErrorPhase, f: ApiFailure): void {
    this.dispatchEvent(new InviteAdminErrorEvent(phase, f.code, f.message, f.status));
  }

  private errorText(f: ApiFailure): string {
    if (f.status === 403) return this.forbiddenText();
    if (f.status === 401) return msg('Your session has ended. Sign in again.', { id: 'scopeAdmin.unauthenticated' });
    if (f.code === 'network') return msg("Can't reach the server. Nothing was changed.", { id: 'scopeAdmin.network' });
    // The proxy's 400 messages are written to be shown (e.g. free-mail domains refused).
    if (f.status === 400 && f.message) return f.message;
    return msg('Something went wrong. Please try again.', { id: 'scopeAdmin.failed' });
  }

  private forbiddenText(): string {
    return this.scopeType === 'workspace' || this.scopeType === 'default'
      ? msg('You need to be an admin of this workspace.', { id: 'scopeAdmin.forbidden' })
      : msg(str`You need to be an admin of this ${this.scopeType}.`, { id: 'scopeAdmin.forbiddenType' });
  }

  private formatDate(iso: string | undefined): string {
    if (!iso) return msg('Never', { id: 'scopeAdmin.never' });
    const t = Date.parse(iso);
    return Number.isNaN(t) ? '' : new Intl.DateTimeFormat(this.intlLocale, { dateStyle: 'medium' }).format(t);
  }

  private statusLabel(row: ScopeInvitationView): string {
    if (row.status === 'accepted') return msg('Accepted', { id: 'scopeAdmin.statusAccepted' });
    if (row.status === 'expired') return msg('Expired', { id: 'scopeAdmin.statusExpired' });
    return msg('Pending', { id: 'scopeAdmin.statusPending' });
  }

  protected override render() {
    const errors = [this.invitations, this.autojoin]
      .filter((t) => t.status === TaskStatus.ERROR)
      .map((t) => toFailure(t.error));
    const denied = errors.find((f) => f.status === 401 || f.status === 403);
    if (denied) {
      return html`<p class="alert" role="alert" part="error">${this.errorText(denied)}</p>`;
    }
    return html`${this.renderInvitations()}${this.renderAutojoin()}
      <div class="sr" role="status" aria-live="polite">${this.announcement}</div>`;
  }

  private renderInvitations() {
    const pending = this.invitations.status === TaskStatus.PENDING || this.invitations.status === TaskStatus.INITIAL;
    const failed = this.invitations.status === TaskStatus.ERROR;
    return html`<section aria-labelledby="inv-heading" aria-busy=${pending ? 'true' : 'false'}>
      <h3 id="inv-heading">${msg('Invitations', { id: 'scopeAdmin.invitations' })}</h3>
      <p class="hint">${msg('Everyone invited to join, newest first.', { id: 'scopeAdmin.invitationsHint' })}</p>
      ${failed
        ? html`<div class="alert" role="alert" part="error">
            ${this.errorText(toFailure(this.invitations.error))}
            <button type="button" @click=${() => this.invitations.run()}>${msg('Try again', { id: 'scopeAdmin.retry' })}</button>
          </div>`
        : pending
          ? html`<p class="hint" role="status">${msg('Loading invitations…', { id: 'scopeAdmin.loading' })}</p>`
          : this.rows.length === 0
            ? html`<p class="empty">${msg('No invitations yet.', { id: 'scopeAdmin.empty' })}</p>`
            : this.renderTable()}
    </section>`;
  }

  private renderTable() {
    return html`<div class="table-wrap">
        <table part="table" aria-labelledby="inv-heading">
          <thead>
            <tr>
              <th scope="col">${msg('Invitee', { id: 'scopeAdmin.colInvitee' })}</th>
              <th scope="col" class="wide">${msg('Role', { id: 'scopeAdmin.colRole' })}</th>
              <th scope="col" class="wide">${msg('Invited by', { id: 'scopeAdmin.colInviter' })}</th>
              <th scope="col" class="wide">${msg('Sent', { id: 'scopeAdmin.colSent' })}</th>
              <th scope="col">${msg('Expires', { id: 'scopeAdmin.colExpires' })}</th>
              <th scope="col">${msg('Status', { id: 'scopeAdmin.colStatus' })}</th>
            </tr>
          </thead>
          <tbody>
            ${this.rows.map(
              (r) => html`<tr>
                <td class="invitee">
                  ${r.target?.value
                    ? breakableAddress(r.target.value)
                    : r.kind === 'autojoin' && r.matchedDomain
                      ? `@${r.matchedDomain}`
                      : msg('Anyone with the link', { id: 'scopeAdmin.anyone' })}
                </td>
                <td class="wide">${r.role ?? '—'}</td>
                <td class="wide">${r.inviter?.name ?? r.inviter?.email ?? '—'}</td>
                <td class="wide">${this.formatDate(r.createdAt)}</td>
                <td>${this.formatDate(r.expiresAt)}</td>
                <td><span class="badge" data-status=${r.status}>${this.statusLabel(r)}</span></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.moreError
        ? html`<p class="field-error" role="alert" part="error">${this.errorText(this.moreError)}</p>`
        : nothing}
      ${this.nextStart !== null
        ? html`<button
            type="button"
            class="more"
            part="more-button"
            aria-disabled=${this.loadingMore ? 'true' : 'false'}
            @click=${() => this.loadMore()}
          >
            ${this.loadingMore ? msg('Loading…', { id: 'scopeAdmin.loadingMore' }) : msg('Show more', { id: 'scopeAdmin.more' })}
          </button>`
        : nothing}`;
  }

  private renderAutojoin() {
    const status = this.autojoin.status;
    const pending = status === TaskStatus.PENDING || status === TaskStatus.INITIAL;
    return html`<section aria-labelledby="aj-heading" aria-busy=${pending || this.saving ? 'true' : 'false'}>
      <h3 id="aj-heading">${msg('Autojoin domains', { id: 'scopeAdmin.autojoin' })}</h3>
      <p class="hint">
        ${msg('People who sign up with a verified address at these domains can join without an invitation.', {
          id: 'scopeAdmin.autojoinHint',
        })}
      </p>
      ${status === TaskStatus.ERROR
        ? html`<div class="alert" role="alert" part="error">
            ${this.errorText(toFailure(this.autojoin.error))}
            <button type="button" @click=${() => this.autojoin.run()}>${msg('Try again', { id: 'scopeAdmin.retry' })}</button>
          </div>`
        : pending
          ? html`<p class="hint" role="status">${msg('Loading domains…', { id: 'scopeAdmin.loadingDomains' })}</p>`
          : this.renderDomains()}
    </section>`;
  }

  private renderDomains() {
    return html`${this.domains.length === 0
        ? html`<p class="empty">${msg('Autojoin is off: no domains listed.', { id: 'scopeAdmin.noDomains' })}</p>`
        : html`<ul class="domains" aria-labelledby="aj-heading">
            ${this.domains.map(
              (d) => html`<li class="domain" part="domain">
                <span>@${d}</span>
                <button
                  type="button"
                  part="remove-button"
                  aria-label=${msg(str`Remove ${d}`, { id: 'scopeAdmin.removeLabel' })}
                  aria-disabled=${this.saving ? 'true' : 'false'}
                  @click=${() => this.removeDomain(d)}
                >
                  ${msg('Remove', { id: 'scopeAdmin.remove' })}
                </button>
              </li>`,
            )}
          </ul>`}
      <form novalidate @submit=${this.onSubmit}>
        <label for="domain">
          ${msg('Add a domain', { id: 'scopeAdmin.addLabel' })}
          <input
            id="domain"
            name="domain"
            part="input"
            autocomplete="off"
            spellcheck="false"
            placeholder="example.com"
            aria-invalid=${this.fieldError ? 'true' : 'false'}
            aria-describedby="domain-error"
            @input=${() => (this.fieldError = '')}
          />
        </label>
        <button type="submit" class="primary" part="add-button" aria-disabled=${this.saving ? 'true' : 'false'}>
          ${this.saving ? msg('Saving…', { id: 'scopeAdmin.saving' }) : msg('Add domain', { id: 'scopeAdmin.add' })}
        </button>
      </form>
      <p id="domain-error" class="field-error" part="error" role="alert">${this.fieldError}</p>`;
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const input = this.input;
    if (this.saving || !input) return;
    void this.addDomain(input.value).then((ok) => {
      if (!ok) this.input?.focus();
    });
  }
}
