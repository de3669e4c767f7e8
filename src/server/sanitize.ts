/**
 * Rebuilds a view from known fields only, with bounded strings and https-only
 * URLs. Runs on everything a provider or the host's `enrich` hook returns, since
 * both are host-controlled code whose output goes straight into a browser.
 * Image URLs from upstream data are written by whoever sent the invitation: the
 * invitee's browser fetching one is a read receipt that leaks their IP, so
 * those keep only hosts the proxy was told to trust (`imageHosts`).
 */
import type {
  InvitationView,
  InviterView,
  ScopeInvitationView,
  ScopeView,
} from '../shared/view-model.js';

const MAX = { id: 128, short: 200, message: 2000, url: 2048, date: 40 } as const;

function text(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  // Control characters have no business in a label and can spoof text direction.
  const clean = v.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (clean === '') return undefined;
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function httpsUrl(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > MAX.url) return undefined;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A host's own path ("/logos/acme.svg"): same origin as the page, so as safe as
 * https. "//host" (protocol-relative) and backslash tricks are refused.
 */
export function sameOriginPath(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > MAX.url || !/^\/(?![/\\])[^\s\\]*$/.test(v)) return undefined;
  try {
    const url = new URL(v, 'https://host.invalid');
    return url.origin === 'https://host.invalid' ? url.pathname + url.search : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where image URLs may point. Absent: any https URL (the host's own `enrich`
 * output). A set: https URLs on those hosts only, plus same-origin paths.
 */
export interface SanitizeOptions {
  imageHosts?: ReadonlySet<string>;
}

function imageUrl(v: unknown, options: SanitizeOptions, allowPath: boolean): string | undefined {
  const url = httpsUrl(v);
  if (url !== undefined) {
    return !options.imageHosts || options.imageHosts.has(new URL(url).hostname) ? url : undefined;
  }
  return allowPath ? sameOriginPath(v) : undefined;
}

function isoDate(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > MAX.date) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

function scopeOf(v: unknown, options: SanitizeOptions): ScopeView {
  const s = obj(v);
  const id = text(s.id, MAX.id) ?? 'unknown';
  const scope: ScopeView = {
    type: text(s.type, MAX.id) ?? 'default',
    id,
    name: text(s.name, MAX.short) ?? id,
  };
  const logoUrl = imageUrl(s.logoUrl, options, true);
  if (logoUrl) scope.logoUrl = logoUrl;
  if (typeof s.memberCount === 'number' && Number.isSafeInteger(s.memberCount) && s.memberCount >= 0) {
    scope.memberCount = s.memberCount;
  }
  return scope;
}

function inviterOf(v: unknown, options: SanitizeOptions): InviterView | undefined {
  const i = obj(v);
  const inviter: InviterView = {};
  const name = text(i.name, MAX.short);
  const email = text(i.email, MAX.short);
  const avatarUrl = imageUrl(i.avatarUrl, options, false);
  if (name) inviter.name = name;
  if (email && email.includes('@')) inviter.email = email;
  if (avatarUrl) inviter.avatarUrl = avatarUrl;
  return Object.keys(inviter).length > 0 ? inviter : undefined;
}

/**
 * `trusted` supplies the fields that decide what the user may do (ID, kind,
 * status, declinability, matched domain); `v` supplies only presentation.
 */
export function sanitizeView(v: unknown, trusted?: InvitationView, options: SanitizeOptions = {}): InvitationView {
  const o = obj(v);
  const base = trusted ?? (o as unknown as InvitationView);
  const status = base.status === 'accepted' || base.status === 'expired' ? base.status : 'pending';
  const kind = base.kind === 'autojoin' ? 'autojoin' : 'invitation';
  const view: InvitationView = {
    id: text(base.id, MAX.id) ?? '',
    kind,
    scope: scopeOf(o.scope, options),
    createdAt: isoDate(o.createdAt) ?? new Date(0).toISOString(),
    status,
    canDecline: base.canDecline === true && status === 'pending' && kind === 'invitation',
  };
  const role = text(o.role, MAX.short);
  if (role) view.role = role;
  const inviter = inviterOf(o.inviter, options);
  if (inviter) view.inviter = inviter;
  const message = text(o.message, MAX.message);
  if (message) view.message = message;
  const expiresAt = isoDate(o.expiresAt);
  if (expiresAt) view.expiresAt = expiresAt;
  const matchedDomain = text(base.matchedDomain, 253);
  if (kind === 'autojoin' && matchedDomain) view.matchedDomain = matchedDomain;
  const sentTo = obj(base.sentTo);
  const sentToValue = text(sentTo.value, 320);
  if ((sentTo.type === 'email' || sentTo.type === 'phone') && sentToValue) view.sentTo = { type: sentTo.type, value: sentToValue };
  return view;
}

export function sanitizeScopeView(v: unknown, trusted?: ScopeInvitationView, options: SanitizeOptions = {}): ScopeInvitationView {
  const view: ScopeInvitationView = sanitizeView(v, trusted, options);
  const t = obj(obj(trusted ?? v).target);
  const type = text(t.type, 32);
  const value = text(t.value, 320);
  if (type && value) view.target = { type, value };
  return view;
}
