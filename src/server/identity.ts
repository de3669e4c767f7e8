/**
 * The identity `getIdentity` returns is host code's output, often built from
 * JSON claims: `emailVerified: "false"` is truthy, `Alice@ACME.com.` and
 * `bücher.example` are the same domains as `alice@acme.com` / `xn--bcher-kva.example`.
 * Everything the proxy decides per user starts here, so it is checked and
 * normalised once, before any route sees it.
 */
import * as v from 'valibot';
import type { Address, Identity } from './provider.js';
import { DOMAIN_NAME, type SentTo } from '../shared/view-model.js';

/** Thrown for a malformed identity; the detail names the field, never its value. */
export class InvalidIdentityError extends Error {
  override readonly name = 'InvalidIdentityError';
}

// Characters that would change what `new URL` parses as the host.
const NOT_IN_DOMAIN = /[\s@/\\?#:%[\]]/;
/** A dot-atom local part (RFC 5322 without quoted strings or comments). */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * Lower-case, no trailing dot, IDN as punycode; null when it is no host name.
 * The WHATWG URL parser does the IDNA mapping in every runtime (Node, workerd, Deno, Bun).
 */
export function normalizeDomain(raw: string): string | null {
  const trimmed = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  if (trimmed === '' || NOT_IN_DOMAIN.test(trimmed)) return null;
  let host: string;
  try {
    host = new URL(`http://${trimmed}`).hostname;
  } catch {
    return null;
  }
  return DOMAIN_NAME.test(host) ? host : null;
}

/** `local@domain` with the domain normalised; null when it is not a well-formed address. */
export function normalizeEmail(raw: string): string | null {
  const at = raw.lastIndexOf('@');
  if (at <= 0 || raw.length > 320) return null;
  const local = raw.slice(0, at);
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  const domain = normalizeDomain(raw.slice(at + 1));
  return domain && `${local}@${domain}`;
}

/** Separators people write in phone numbers; anything else makes it no number. */
const PHONE_SEPARATORS = /[\s().-]/g;

/**
 * E.164-ish: `+` then 7–15 digits, the first not 0. A leading `00` is read as
 * `+`; a number without either has no country code and is refused, since
 * guessing one would look up someone else's number.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(PHONE_SEPARATORS, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return /^\+[1-9][0-9]{6,14}$/.test(international) ? international : null;
}

/** Most addresses an identity may carry: each verified one costs an upstream lookup. */
const MAX_ADDRESSES = 10;

/** A string `normalize` accepts, as its normal form; otherwise an issue naming `what`. */
export const normalized = (what: string, normalize: (raw: string) => string | null) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const value = normalize(dataset.value);
      if (value === null) {
        addIssue({ message: `${what} is not a well-formed address` });
        return NEVER;
      }
      return value;
    }),
  );

// Claims often arrive as strings: "false" must not count as verified.
const verifiedFlag = v.pipe(v.unknown(), v.transform((value) => value === true));
const verifiedOrAbsent = v.pipe(v.optional(v.unknown()), v.transform((value) => value === true));

const addressSchema = v.variant('type', [
  v.looseObject({ type: v.literal('email'), value: normalized('addresses[].value', normalizeEmail), verified: verifiedOrAbsent }),
  v.looseObject({ type: v.literal('phone'), value: normalized('addresses[].value', normalizePhone), verified: verifiedOrAbsent }),
], 'addresses[].type must be "email" or "phone"');

const identitySchema = v.looseObject({
  userId: v.pipe(v.string('userId must be a string'), v.minLength(1, 'userId is empty'), v.maxLength(512, 'userId is too long')),
  email: normalized('email', normalizeEmail),
  emailVerified: verifiedFlag,
  addresses: v.optional(
    v.pipe(
      v.array(addressSchema, 'addresses must be an array'),
      v.maxLength(MAX_ADDRESSES, `addresses has more than ${MAX_ADDRESSES} entries`),
      v.transform((list) => list.map(({ type, value, verified }): Address => ({ type, value, verified: verified === true }))),
    ),
  ),
});

const sameAddress = (a: SentTo, b: SentTo): boolean => a.type === b.type && a.value === b.value;

// The list path asks for each item (its own address? several addresses?): worked out once per
// identity, which is made per request and never changed after.
const addressesOf = new WeakMap<Identity, readonly Address[]>();

/**
 * The addresses to look invitations up for: the sign-in email first (always,
 * as before: it is the account's own), then each verified extra address, each
 * once. An address is verified when the host says so anywhere it appears.
 */
export function lookupAddresses(identity: Identity): readonly Address[] {
  const cached = addressesOf.get(identity);
  if (cached) return cached;
  const out: Address[] = [{ type: 'email', value: identity.email, verified: identity.emailVerified === true }];
  for (const a of identity.addresses ?? []) {
    if (a.verified !== true) continue;
    const known = out.find((o) => sameAddress(o, a));
    if (known) known.verified = true;
    else out.push({ type: a.type, value: a.value, verified: true });
  }
  addressesOf.set(identity, out);
  return out;
}

/** The user's verified email addresses: the only ones an autojoin offer may be shown for. */
export function verifiedEmails(identity: Identity): string[] {
  return lookupAddresses(identity).filter((a) => a.type === 'email' && a.verified).map((a) => a.value);
}

/** Whether `sentTo` is one of the addresses looked up for this user. */
export function isOwnAddress(identity: Identity, sentTo: SentTo): boolean {
  return lookupAddresses(identity).some((a) => sameAddress(a, sentTo));
}

/**
 * What `getIdentity` returned → a checked `Identity`, or null for "nobody is
 * signed in". Anything else malformed throws `InvalidIdentityError`: that is a
 * host bug, not a visitor without a session, so it must not read as a 401.
 */
export function checkIdentity(raw: unknown): Identity | null {
  if (raw === null || raw === undefined) return null;
  const result = v.safeParse(identitySchema, raw);
  if (!result.success) {
    throw new InvalidIdentityError(`getIdentity returned an invalid identity: ${result.issues[0].message}.`);
  }
  return result.output;
}
