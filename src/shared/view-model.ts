/**
 * The contract between the proxy (server) and the elements (browser).
 * Plain types and constants only: both sides import this file, so it must
 * never import Lit, Node or any vendor code.
 */

/** An open invitation addressed to the user, or an offer to join by email domain. */
export type InvitationKind = 'invitation' | 'autojoin';

/**
 * Where an item stands for this user. Only `pending` items can be accepted;
 * `expired` and `accepted` are sent so the UI can say so instead of hiding them.
 */
export type InvitationStatus = 'pending' | 'accepted' | 'expired';

/** The thing the user is invited into (workspace, team, project…). */
export interface ScopeView {
  /** Upstream `scopeType`, e.g. "workspace"; "default" when the host has none. */
  type: string;
  /** Upstream `scope`: the host's ID of the entity. */
  id: string;
  /** Human name; falls back to the ID when upstream knows none. */
  name: string;
  /** https URL of a logo, set by the host's `enrich` hook. */
  logoUrl?: string;
  /** Number of members, set by the host's `enrich` hook. */
  memberCount?: number;
}

export interface InviterView {
  name?: string;
  email?: string;
  /**
   * https URL only; anything else is dropped by the proxy, and so is an
   * upstream URL whose host is not in the proxy's `imageHosts` (the host's
   * `enrich` hook may set any https URL).
   */
  avatarUrl?: string;
}

/** The kinds of address an invitation can be sent to. */
export type AddressType = 'email' | 'phone';

/** One of the user's own addresses (email, or phone as `+` and digits). */
export interface SentTo {
  type: AddressType;
  value: string;
}

/** What the browser gets for one invitation. Small, safe, vendor-neutral. */
export interface InvitationView {
  id: string;
  kind: InvitationKind;
  scope: ScopeView;
  /** Role granted on accept, e.g. "admin". */
  role?: string;
  inviter?: InviterView;
  /** The inviter's personal message, plain text. */
  message?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; absent when the invitation never expires. */
  expiresAt?: string;
  status: InvitationStatus;
  /** For `autojoin`: the email domain that made the user eligible, e.g. "acme.com". */
  matchedDomain?: string;
  /** Whether `POST {base}/{id}/decline` is supported for this item. */
  canDecline: boolean;
  /**
   * The user's own address this was sent to (for `autojoin`: the email whose
   * domain matched); only when the user has more than one address.
   */
  sentTo?: SentTo;
}

/** `GET {base}` */
export interface InvitationListResponse {
  /** At most the proxy's `maxItems` (default 100): pending first, then newest. */
  invitations: InvitationView[];
  /** How many items there were before the cap; more than `invitations.length` when some were left out. */
  total: number;
  /**
   * Opaque, stable per-user key (a hash of the host's user ID, never the email)
   * so the element can remember per-user choices such as dismissed offers.
   */
  viewerKey?: string;
  /** The user's stored choices, present only where the proxy keeps them (its `preferences` option). */
  preferences?: Preferences;
}

/** Where a deep-linked invitation stands for the signed-in user. */
export type DeepLinkState = 'open' | 'accepted' | 'expired';

/** `GET {base}/{id}`: one of the user's own invitations, for a deep link. */
export interface InvitationLookupResponse {
  invitation: InvitationView;
  state: DeepLinkState;
}

/** An address shown masked: `a…@acme.com`, `+1 ••• •• 12`. */
export interface MaskedAddress {
  type: AddressType;
  masked: string;
}

/**
 * `GET {base}/{id}` with HTTP 403 (code `forbidden`): the invitation is someone
 * else's. Only the masked address it was sent to is told, never its scope.
 */
export interface ForeignInvitationBody {
  error: ApiErrorDetail & { sentTo: MaskedAddress };
}

/** `GET|PUT {base}/preferences`: the user's choices, kept server-side when the host enables it. */
export interface Preferences {
  /** Invitation/offer IDs the user chose "Not interested" on; at most `LIMITS.maxDismissed`. */
  dismissed: string[];
  /** ISO 8601: the prompt stays closed until then; null when not snoozed. */
  snoozedUntil: string | null;
}

/** `POST {base}/accept` request body. */
export interface AcceptRequest {
  invitationIds: string[];
}

export interface ApiErrorDetail {
  /** Stable, machine-readable code (see `ErrorCode`). */
  code: ErrorCode | (string & {});
  /** Human-readable, safe to show; never a stack trace or a secret. */
  message: string;
}

/** Every error response body of the proxy: `{ error: { code, message } }`. */
export interface ApiErrorBody {
  error: ApiErrorDetail;
}

export interface AcceptResult {
  id: string;
  ok: boolean;
  /** The invitation after acceptance (status `accepted`), when `ok`. */
  invitation?: InvitationView;
  /** Why this one failed, when not `ok`. */
  error?: ApiErrorDetail;
}

/** `POST {base}/accept` response body (HTTP 200 even when some IDs failed). */
export interface AcceptResponse {
  results: AcceptResult[];
}

/** `POST {base}/{id}/decline` response body. */
export interface DeclineResponse {
  id: string;
  ok: true;
}

/** `GET {base}/scopes/{scopeType}/{scope}?start=N` (admin). */
export interface ScopeInvitationsPage {
  invitations: ScopeInvitationView[];
  /** Index to pass as `start` for the next page, or null on the last page. */
  nextStart: number | null;
}

/** An invitation as an admin of its scope sees it: who it is for, too. */
export interface ScopeInvitationView extends InvitationView {
  /** The invitee's address (email/phone/…); admins only. */
  target?: { type: string; value: string };
}

/** `GET|PUT {base}/scopes/{scopeType}/{scope}/autojoin` (admin). */
export interface AutojoinSettings {
  domains: string[];
}

export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'expired'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'not_supported'
  | 'domain_rules_missing'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'request_timeout'
  | 'internal_error';

/** Input bounds, enforced by the proxy and mirrored by the element. */
export const LIMITS = {
  /** Most IDs in one accept request. */
  maxIds: 100,
  /** Longest invitation ID accepted. */
  maxIdLength: 128,
  /** Largest request body, in bytes. */
  maxBodyBytes: 16 * 1024,
  /** Most dismissed IDs kept in `Preferences`. */
  maxDismissed: 200,
  /** Largest `PUT {base}/preferences` body, in bytes (200 IDs of the longest length fit). */
  maxPreferencesBytes: 32 * 1024,
  /** Most domains in one scope's autojoin list. */
  maxAutojoinDomains: 50,
} as const;

/**
 * A lowercase ASCII host name: at least two labels and an alphabetic (or punycode) top-level
 * label. What the proxy takes as an email's domain and as an autojoin domain, and what the admin
 * panel checks before saving.
 */
export const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
