/**
 * Seed-API invitation → `InvitationView`. Reads only the fields the view needs,
 * so upstream extras (passThrough, metadata, counters, target lists) can never
 * leak through by accident.
 */
import * as v from 'valibot';
import type { Identity } from './provider.js';
import type { InvitationStatus, InvitationView, ScopeInvitationView, SentTo } from '../shared/view-model.js';
import { normalizePhone } from './identity.js';
import { emailDomain } from './policy.js';

/** An optional field that turns into `undefined` when it has the wrong shape. */
const lenient = <S extends v.GenericSchema>(schema: S) => v.fallback(v.optional(schema), undefined);
const idLike = v.pipe(v.union([v.string(), v.number()]), v.transform(String));
const str = lenient(v.string());
const field = lenient(v.object({ value: v.unknown() }));
const person = lenient(v.object({ name: str, displayName: str, avatarUrl: str, avatar: str }));

/** Lenient on purpose: one odd field must not drop the invitation. */
export const seedInvitation = v.object({
  id: idLike,
  invitationType: str,
  status: str,
  scope: lenient(idLike),
  scopeType: str,
  scopeName: str,
  groups: lenient(v.array(v.object({ id: v.optional(idLike), name: str, type: str }))),
  metadata: lenient(v.record(v.string(), v.unknown())),
  formSubmissionData: lenient(v.object({ role: field, personalMessage: field })),
  creatorName: str,
  creatorAvatarUrl: str,
  inviter: person,
  createdAt: str,
  expires: lenient(v.nullable(v.string())),
  expired: lenient(v.boolean()),
  deactivated: lenient(v.boolean()),
  accepts: lenient(v.array(v.record(v.string(), v.unknown()))),
  target: lenient(v.array(v.object({ type: v.string(), value: v.string() }))),
});
export type SeedInvitation = v.InferOutput<typeof seedInvitation>;

const asText = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function scopeName(inv: SeedInvitation, scopeId: string): string {
  const group = inv.groups?.find((g) => g.id === scopeId) ?? (inv.groups?.length === 1 ? inv.groups[0] : undefined);
  return asText(group?.name) ?? asText(inv.scopeName) ?? asText(inv.metadata?.scopeName) ?? scopeId;
}

/**
 * Whether this address (an email, or a phone as `+` and digits) shows up in
 * the invitation's accepts (multi-use and autojoin keep status as is).
 */
export function acceptedBy(inv: SeedInvitation, address: string): boolean {
  const me = address.toLowerCase();
  const phone = me.startsWith('+');
  return (inv.accepts ?? []).some((a) => {
    const target = a.target as { value?: unknown } | undefined;
    const user = a.user as { email?: unknown; phone?: unknown } | undefined;
    const candidates = [a.email, a.phone, a.value, a.targetValue, target?.value, user?.email, user?.phone];
    return candidates.some((c) => typeof c === 'string' && (phone ? normalizePhone(c) === me : c.toLowerCase() === me));
  });
}

/** The invitation's email or phone addressee, if it has one. */
export function recipientOfSeed(inv: SeedInvitation): SentTo | null {
  for (const t of inv.target ?? []) {
    if (t.type === 'email' && t.value.includes('@')) return { type: 'email', value: t.value.trim().toLowerCase() };
    const phone = t.type === 'phone' ? normalizePhone(t.value) : null;
    if (phone) return { type: 'phone', value: phone };
  }
  return null;
}

function statusOf(inv: SeedInvitation, address: string, now: number): InvitationStatus {
  // Multi-use and autojoin invitations turn "accepted" as soon as anyone
  // accepts; for them only this user's own accept counts.
  const singleUse = inv.invitationType !== 'multi_use' && inv.invitationType !== 'autojoin';
  const taken = inv.status === 'accepted_elsewhere' || (singleUse && inv.status === 'accepted');
  if (taken || acceptedBy(inv, address)) return 'accepted';
  if (inv.expired === true) return 'expired';
  if (inv.expires) {
    const t = Date.parse(inv.expires);
    if (!Number.isNaN(t) && t <= now) return 'expired';
  }
  return 'pending';
}

/** `sentTo`: the user's address the invitation was found for; default the sign-in email. */
export function normalizeSeed(inv: SeedInvitation, identity: Identity, now = Date.now(), sentTo?: SentTo): InvitationView {
  const kind = inv.invitationType === 'autojoin' ? 'autojoin' : 'invitation';
  const scopeId = inv.scope ?? inv.groups?.[0]?.id ?? 'default';
  const address = sentTo?.value ?? identity.email;
  const status = statusOf(inv, address, now);
  // The service's display fields; `foreignCreatorId` is the host's internal ID and stays out.
  const who = inv.inviter;
  const inviterName = asText(inv.creatorName) ?? asText(who?.name) ?? asText(who?.displayName);
  const inviterAvatar = asText(inv.creatorAvatarUrl) ?? asText(who?.avatarUrl) ?? asText(who?.avatar);
  const view: InvitationView = {
    id: inv.id,
    kind,
    scope: {
      type: inv.scopeType ?? inv.groups?.[0]?.type ?? 'default',
      id: scopeId,
      name: scopeName(inv, scopeId),
    },
    createdAt: inv.createdAt ?? new Date(0).toISOString(),
    status,
    canDecline: kind === 'invitation' && status === 'pending',
  };
  const role = asText(inv.formSubmissionData?.role?.value);
  if (role) view.role = role;
  const message = asText(inv.formSubmissionData?.personalMessage?.value);
  if (message) view.message = message;
  if (inviterName || inviterAvatar) {
    view.inviter = {};
    if (inviterName) view.inviter.name = inviterName;
    if (inviterAvatar) view.inviter.avatarUrl = inviterAvatar;
  }
  if (inv.expires) view.expiresAt = inv.expires;
  if (kind === 'autojoin') view.matchedDomain = emailDomain(address);
  if (sentTo) view.sentTo = { ...sentTo };
  return view;
}

/** Admin view: no "me" to compare against, so accepts by anyone count as accepted. */
export function normalizeSeedForScope(inv: SeedInvitation, now = Date.now()): ScopeInvitationView {
  const nobody: Identity = { userId: '', email: '', emailVerified: false };
  const view: ScopeInvitationView = normalizeSeed(inv, nobody, now);
  delete view.matchedDomain;
  if (inv.invitationType !== 'autojoin' && (inv.accepts?.length ?? 0) > 0 && view.status === 'pending') {
    view.status = 'accepted';
    view.canDecline = false;
  }
  const target = inv.target?.[0];
  if (target) view.target = { type: target.type, value: target.value };
  return view;
}
