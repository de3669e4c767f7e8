import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { ApiErrorDetail, InvitationView, SentTo } from '../../shared/view-model.js';
import { formatNumber, fullDate, pluralCategory, relativeTime } from '../shared/i18n/format.js';

/** What a card needs from its list; passed in so the card stays a plain function. */
export interface CardContext {
  locale: string;
  now: number;
  selected: boolean;
  /** A request about this card is running. */
  busy: boolean;
  /** Any accept request is running: no other accept may start. */
  locked: boolean;
  /** Joined during this visit: shown as a success state. */
  justJoined: boolean;
  failure: ApiErrorDetail | undefined;
  /** The message is shown whole rather than clamped to four lines. */
  expanded: boolean;
  onToggle(id: string, checked: boolean): void;
  onMore(id: string): void;
  onJoin(id: string): void;
  onDecline(inv: InvitationView): void;
  onDismiss(inv: InvitationView): void;
  /** Opened from a deep link: highlighted. */
  linked?: boolean;
}

// Bidi overrides/isolates and other invisible controls let a hostile name
// reorder the text around it ("moc.emca" tricks); nobody needs them in a name.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Plain, bounded text: long hostile strings must not make a card unusable. */
export function clean(s: string | undefined, max = 200): string {
  if (!s) return '';
  const t = s.replace(CONTROLS, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

/**
 * Only https images or a path on the page's own origin ("/logos/acme.svg", as
 * the proxy allows): `javascript:`, `data:`, `http:` and "//host" are dropped,
 * whatever the proxy let through.
 */
export function safeImage(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (/^\/(?![/\\])[^\s\\]*$/.test(url)) return url;
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

// The monogram sits under the image, so a logo that fails to load reveals it. Cards are
// reused by position, so the same <img> may get another card's working logo: show it again.
const onImage = (e: Event) => ((e.target as HTMLElement).hidden = e.type === 'error');

const initial = (name: string) => (Array.from(name)[0] ?? '?').toUpperCase();

/** `<time>` text and tooltip, or nothing for a missing or unreadable date. */
function when(locale: string, iso: string | undefined, now: number, label: (rel: string) => string) {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? undefined : { iso, text: label(relativeTime(locale, t, now)), title: fullDate(locale, t) };
}

function failureText(f: ApiErrorDetail): string {
  switch (f.code) {
    case 'expired':
      return msg('This invitation has expired.', { id: 'fail.expired' });
    case 'conflict':
      return msg('This invitation was already used.', { id: 'fail.conflict' });
    case 'not_found':
      return msg('This invitation no longer exists.', { id: 'fail.notFound' });
    case 'not_supported':
      // Retrying cannot help here, so don't suggest it.
      return msg("This invitation can't be accepted here.", { id: 'fail.notSupported' });
    default:
      return msg("Couldn't join. Please try again.", { id: 'fail.generic' });
  }
}

/**
 * The inviter's message, clamped to four lines. Whether the clamp cut anything
 * depends on the rendered width, so the inbox measures it and unhides the toggle
 * (see `InviteInbox.measureMessages`); an expanded message keeps it to fold back.
 * Rendered only when there is a message: an empty blockquote is still announced.
 */
function more(id: string, message: string, c: CardContext): TemplateResult {
  return html`<blockquote class="message" part="message" data-open=${c.expanded}><bdi>${message}</bdi></blockquote>
    <button class="more" part="more-button" aria-expanded=${c.expanded} ?hidden=${!c.expanded} @click=${() => c.onMore(id)}>
      ${c.expanded ? msg('Show less', { id: 'message.less' }) : msg('Show more', { id: 'message.more' })}
    </button>`;
}

/**
 * One invitation or autojoin offer as a list item. Optional pieces are
 * `hidden` elements of one template rather than nested templates: a list of
 * hundreds of cards then clones one template per card instead of ten.
 */
export function invitationCard(inv: InvitationView, c: CardContext): TemplateResult {
  const name = clean(inv.scope.name) || clean(inv.scope.id) || '—';
  const inviter = clean(inv.inviter?.name) || clean(inv.inviter?.email);
  const role = clean(inv.role, 60);
  const message = clean(inv.message, 600);
  const domain = clean(inv.matchedDomain, 100);
  const logo = safeImage(inv.scope.logoUrl) ?? safeImage(inv.inviter?.avatarUrl);
  const auto = inv.kind === 'autojoin';
  const joined = inv.status === 'accepted';
  const expired = inv.status === 'expired';
  const open = inv.status === 'pending';
  const members = inv.scope.memberCount;
  const { locale, now, busy } = c;
  const off = busy || c.locked;

  const badge = joined
    ? msg('Joined', { id: 'badge.joined' })
    : expired
      ? msg('Expired', { id: 'badge.expired' })
      : auto
        ? msg('Autojoin', { id: 'badge.autojoin' })
        : '';

  const who = auto
    ? domain
      ? msg(str`Anyone with an @${domain} email can join`, { id: 'autojoin.why' })
      : msg('You can join with your email address', { id: 'autojoin.generic' })
    : inviter && role
      ? msg(str`${inviter} invited you to join as ${role}`, { id: 'invited.role' })
      : inviter
        ? msg(str`${inviter} invited you to join`, { id: 'invited' })
        : role
          ? msg(str`You're invited to join as ${role}`, { id: 'invited.anon.role' })
          : msg("You're invited to join", { id: 'invited.anon' });

  const membersText =
    members === undefined || !Number.isFinite(members)
      ? ''
      : pluralCategory(locale, members) === 'one'
        ? msg(str`${formatNumber(locale, members)} member`, { id: 'members.one' })
        : msg(str`${formatNumber(locale, members)} members`, { id: 'members.other' });

  const sent = when(locale, inv.createdAt, now, (r) => msg(str`Sent ${r}`, { id: 'meta.sent' }));
  const due = open
    ? when(locale, inv.expiresAt, now, (r) => msg(str`Expires ${r}`, { id: 'meta.expires' }))
    : expired
      ? when(locale, inv.expiresAt, now, (r) => msg(str`Expired ${r}`, { id: 'meta.expired' }))
      : undefined;

  // Autojoin offers are hidden ("Not interested"); invitations are declined where the proxy can.
  const second = !open
    ? undefined
    : auto
      ? {
          text: msg('Not interested', { id: 'dismiss' }),
          label: msg(str`Not interested in ${name}`, { id: 'dismiss.aria' }),
          run: () => c.onDismiss(inv),
        }
      : inv.canDecline
        ? {
            text: msg('Decline', { id: 'decline' }),
            label: msg(str`Decline ${name}`, { id: 'decline.aria' }),
            run: () => c.onDecline(inv),
          }
        : undefined;

  const state = c.justJoined || joined ? 'joined' : expired ? 'expired' : c.failure ? 'failed' : auto ? 'autojoin' : 'open';
  const failure = c.failure && open ? failureText(c.failure) : '';

  return html`<li class="card" part=${c.linked ? 'card deep-link' : 'card'} data-deep-link=${c.linked ? 'true' : nothing} data-state=${state} data-id=${inv.id} aria-busy=${busy ? 'true' : 'false'}>
    ${open
      ? html`<input
          type="checkbox"
          part="checkbox"
          class="check"
          .checked=${c.selected}
          ?disabled=${c.locked}
          aria-label=${msg(str`Select ${name}`, { id: 'select.one' })}
          @change=${(e: Event) => c.onToggle(inv.id, (e.target as HTMLInputElement).checked)}
        />`
      : html`<span class="check" aria-hidden="true"></span>`}
    <div class="avatar" aria-hidden="true">
      ${initial(name)}${logo ? html`<img src=${logo} alt="" referrerpolicy="no-referrer" @load=${onImage} @error=${onImage} />` : nothing}
    </div>
    <div class="body">
      <div class="top">
        <h3 class="title" part="title"><bdi>${name}</bdi></h3>
        <span class="badge" part="badge" ?hidden=${!badge}>${badge}</span>
      </div>
      <p class="who">${who}</p>
      ${message ? more(inv.id, message, c) : nothing}
      <p class="meta" part="meta">
        <time datetime=${sent?.iso ?? nothing} title=${sent?.title ?? nothing} ?hidden=${!sent}>${sent?.text}</time>
        <time datetime=${due?.iso ?? nothing} title=${due?.title ?? nothing} ?hidden=${!due}>${due?.text}</time>
        <span ?hidden=${!membersText}>${membersText}</span>
        <span class="sent-to" part="sent-to" ?hidden=${!inv.sentTo}>${sentToText(inv.sentTo)}</span>
      </p>
      ${failure ? html`<p class="fail" part="error">${failure}</p>` : nothing}
    </div>
    ${open
      ? html`<div class="actions">
          ${second
            ? html`<button class="ghost" part="decline-button" ?disabled=${off} aria-label=${second.label} @click=${second.run}>
                ${second.text}
              </button>`
            : nothing}
          <button
            class="primary"
            part="accept-button"
            aria-disabled=${c.locked ? 'true' : 'false'}
            aria-label=${busy ? msg('Joining…', { id: 'joining' }) : msg(str`Join ${name}`, { id: 'join.aria' })}
            @click=${() => c.onJoin(inv.id)}
          >
            ${busy ? msg('Joining…', { id: 'joining' }) : msg('Join', { id: 'join' })}
          </button>
        </div>`
      : nothing}
  </li>`;
}

/**
 * Which of the user's own addresses an invitation went to ("Sent to dana.rivera@gmail.com",
 * "Sent by text to +1…42"); empty when the proxy did not say (the user has one address).
 * A phone number is shortened: on a shared screen its last digits are enough to recognise.
 */
function sentToText(to: SentTo | undefined): string {
  if (!to || typeof to.value !== 'string') return '';
  const v = clean(to.value, 120);
  if (to.type === 'phone') {
    const short = v.length > 6 ? `${v.slice(0, 2)}…${v.slice(-2)}` : v;
    return msg(str`Sent by text to ${short}`, { id: 'meta.sentTo.phone' });
  }
  return msg(str`Sent to ${v}`, { id: 'meta.sentTo.email' });
}
