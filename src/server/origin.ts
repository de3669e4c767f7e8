/**
 * The CSRF origin check of state-changing requests, as deployments see it:
 * behind dev proxies (Host rewritten) and TLS terminators (https outside,
 * http inside) the request URL is not the origin the browser is on.
 */
import { ProxyError } from './errors.js';

export interface OriginOptions {
  /** Take scheme and host from `Forwarded` / `X-Forwarded-Proto` / `X-Forwarded-Host`. */
  trustProxy?: boolean;
  /** Further origins allowed besides the request's own. */
  allowedOrigins?: readonly string[];
}

// Header values are attacker-controlled: accept only what an origin can look like.
const HOST = /^[a-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9a-f:.]{2,45}\](:\d{1,5})?$/i;
const PROTO = /^https?$/i;
const SHOWN_LENGTH = 80;

/** A header value fit for an error message: printable ASCII, bounded. */
function clip(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > SHOWN_LENGTH ? `${printable.slice(0, SHOWN_LENGTH)}…` : printable;
}

/** `a, b` → `a`: the first entry was written by the proxy the browser talked to. */
const first = (value: string | null): string | undefined => value?.split(',')[0]?.trim() || undefined;

/** RFC 7239: `Forwarded: for=…;proto=https;host="app.example"` — the first element's pairs. */
function parseForwarded(value: string | null): { proto?: string; host?: string } {
  const element = first(value);
  if (!element) return {};
  const pairs: Record<string, string> = {};
  for (const pair of element.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    pairs[pair.slice(0, eq).trim().toLowerCase()] = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { proto: pairs['proto'], host: pairs['host'] };
}

/** The origin the browser sees for this request, and where it was read from. */
export function ownOrigin(req: Request, trustProxy: boolean): { origin: string; from: string } {
  const url = new URL(req.url);
  if (!trustProxy) return { origin: url.origin, from: "this request's own origin" };
  const forwarded = parseForwarded(req.headers.get('forwarded'));
  const proto = forwarded.proto ?? first(req.headers.get('x-forwarded-proto'));
  const host = forwarded.host ?? first(req.headers.get('x-forwarded-host'));
  const scheme = proto && PROTO.test(proto) ? proto.toLowerCase() : url.protocol.slice(0, -1);
  const authority = host && HOST.test(host) ? host.toLowerCase() : url.host;
  const used = forwarded.proto || forwarded.host ? 'Forwarded' : proto || host ? 'X-Forwarded-*' : undefined;
  try {
    const origin = new URL(`${scheme}://${authority}`).origin;
    return { origin, from: used ? `this request's origin per ${used}` : "this request's own origin" };
  } catch {
    // A well-shaped but impossible host (port 99999): as if no proxy had spoken.
    return { origin: url.origin, from: "this request's own origin" };
  }
}

/**
 * Throws 403 unless the browser vouches for the request: `Sec-Fetch-Site:
 * same-origin` (a header pages cannot forge, the same rule as Go's
 * CrossOriginProtection), or an `Origin` equal to the request's own origin or
 * one of `allowedOrigins`.
 */
export function checkOrigin(req: Request, options: OriginOptions): void {
  if (req.headers.get('sec-fetch-site') === 'same-origin') return;
  const origin = req.headers.get('origin');
  const own = ownOrigin(req, options.trustProxy === true);
  if (origin !== null && (origin === own.origin || options.allowedOrigins?.includes(origin))) return;

  const expected = [`${clip(own.origin)} (${own.from})`];
  if (options.allowedOrigins?.length) expected.push('one of allowedOrigins');
  const got = origin === null ? 'no Origin header' : clip(origin);
  const fixes = [
    options.trustProxy ? undefined : 'Behind a dev proxy or TLS terminator set trustProxy: true',
    'for another site add it to allowedOrigins',
  ].filter(Boolean).join('; ');
  throw new ProxyError(
    403,
    'forbidden',
    `Cross-origin request refused: expected Origin ${expected.join(' or ')} but got ${got}. ${fixes.charAt(0).toUpperCase()}${fixes.slice(1)}.`,
  );
}
