/**
 * The identity `getIdentity` returns is host code's output, often built from
 * JSON claims: `emailVerified: "false"` is truthy, `Alice@ACME.com.` and
 * `bücher.example` are the same domains as `alice@acme.com` / `xn--bcher-kva.example`.
 * Everything the proxy decides per user starts here, so it is checked and
 * normalised once, before any route sees it.
 */
import * as v from 'valibot';
import type { Identity } from './provider.js';

/** Thrown for a malformed identity; the detail names the field, never its value. */
export class InvalidIdentityError extends Error {
  override readonly name = 'InvalidIdentityError';
}

// Characters that would change what `new URL` parses as the host.
const NOT_IN_DOMAIN = /[\s@/\\?#:%[\]]/;
/** ASCII host name with at least two labels and an alphabetic (or punycode) top-level label. */
const ASCII_DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
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
  return ASCII_DOMAIN.test(host) ? host : null;
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

const identitySchema = v.looseObject({
  userId: v.pipe(v.string('userId must be a string'), v.minLength(1, 'userId is empty'), v.maxLength(512, 'userId is too long')),
  email: v.pipe(
    v.string('email must be a string'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const email = normalizeEmail(dataset.value);
      if (email === null) {
        addIssue({ message: 'email is not a well-formed address' });
        return NEVER;
      }
      return email;
    }),
  ),
  // Claims often arrive as strings: "false" must not count as verified.
  emailVerified: v.pipe(v.unknown(), v.transform((value) => value === true)),
});

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
