/**
 * The demo host's minimal session: `POST /demo/login {email}`, `POST /demo/logout`,
 * `GET /demo/me`. A real host has its own sign-in; this stands in for it so the
 * proxy has a session to read the identity from.
 *
 * The cookie is a signed, HttpOnly token holding the email, an expiry and a
 * random nonce. The server checks the expiry itself (a cookie jar may keep the
 * cookie longer), and logging out revokes the nonce, so a copy of the cookie
 * replayed after logout is refused. The signing key is random per process, so
 * a restart signs everyone out — fine for a demo, and it means no secret ever
 * lives in the repository.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';
import { isJson, readJson } from '../src/server/body.js';
import { ProxyError, errorBody, errorResponse, jsonResponse } from '../src/server/errors.js';
import { ownOrigin } from '../src/server/origin.js';
import { normalized, normalizeEmail } from '../src/server/identity.js';
import type { Identity } from '../src/server/provider.js';
import type { ErrorCode } from '../src/shared/view-model.js';

export const SESSION_COOKIE = 'demo_session';

/** Small bodies only: the login form sends one email. */
const MAX_BODY_BYTES = 1024;

/** Exactly the addresses the proxy reads as an identity's email, so every sign-in yields one it accepts. */
const emailSchema = v.pipe(v.string(), v.maxLength(254), normalized('email', normalizeEmail));

const loginSchema = v.object({ email: emailSchema });

const tokenSchema = v.object({
  email: emailSchema,
  /** Expiry, milliseconds since the epoch. */
  exp: v.pipe(v.number(), v.safeInteger()),
  nonce: v.pipe(v.string(), v.minLength(16), v.maxLength(64)),
});
type Token = v.InferOutput<typeof tokenSchema>;

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface DemoSessionOptions {
  /** HMAC key; random per process by default. */
  secret?: Uint8Array;
  /** How long a sign-in lasts, in milliseconds. Default 7 days. */
  ttlMs?: number;
  /**
   * Behind a TLS-terminating proxy: believe `X-Forwarded-Proto` when deciding
   * whether the request was https (and so whether the cookie is `Secure`). Default false.
   */
  trustProxy?: boolean;
}

export interface DemoSession {
  /** The proxy's identity hook. */
  getIdentity(req: Request): Identity | null;
  /** Handles `/demo/login`, `/demo/logout`, `/demo/me`; null for any other path. */
  handle(req: Request): Promise<Response | null>;
}

export function createDemoSession(opts: DemoSessionOptions = {}): DemoSession {
  const secret = opts.secret ?? randomBytes(32);
  const ttlMs = opts.ttlMs ?? WEEK_MS;
  /** Nonces of signed-out sessions, until their cookies would have expired anyway. */
  const revoked = new Map<string, number>();

  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

  function issue(email: string): string {
    const token: Token = { email, exp: Date.now() + ttlMs, nonce: randomBytes(16).toString('base64url') };
    const payload = Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
    return `${payload}.${sign(payload)}`;
  }

  function verify(req: Request): Token | null {
    const cookie = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
    if (!cookie) return null;
    const [payload, mac] = cookie.split('.');
    if (!payload || !mac) return null;
    const expected = Buffer.from(sign(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let token: Token;
    try {
      const parsed = v.safeParse(tokenSchema, JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      if (!parsed.success) return null;
      token = parsed.output;
    } catch {
      return null;
    }
    if (token.exp <= Date.now() || revoked.has(token.nonce)) return null;
    return token;
  }

  const read = (req: Request): string | null => verify(req)?.email ?? null;

  function revoke(token: Token): void {
    const now = Date.now();
    // Expired entries can go: their cookies fail the expiry check on their own.
    for (const [nonce, exp] of revoked) if (exp <= now) revoked.delete(nonce);
    revoked.set(token.nonce, token.exp);
  }

  // The browser's view of this server: the URL's, or a trusted proxy's (the proxy's own rules, `Forwarded` included).
  const own = (req: Request): string => ownOrigin(req, opts.trustProxy ?? false).origin;
  const secure = (req: Request): boolean => own(req).startsWith('https:');

  function getIdentity(req: Request): Identity | null {
    const email = read(req);
    if (!email) return null;
    // A stable user ID that is not the email itself, as a real host's would be.
    const userId = `demo-${createHash('sha256').update(email).digest('hex').slice(0, 16)}`;
    // The demo treats every address as verified so autojoin offers are visible.
    return { userId, email, emailVerified: true };
  }

  async function handle(req: Request): Promise<Response | null> {
    const { pathname } = new URL(req.url);
    if (pathname === '/demo/me') {
      if (req.method !== 'GET') return methodNotAllowed('GET');
      const email = read(req);
      return jsonResponse({ email });
    }
    if (pathname !== '/demo/login' && pathname !== '/demo/logout') return null;
    if (req.method !== 'POST') return methodNotAllowed('POST');

    // Signing in and out changes state: same rules as the proxy (JSON + same origin),
    // so another site cannot sign a visitor in as someone else.
    // Browsers always send Origin on a cross-site POST; its absence means a non-browser client.
    const origin = req.headers.get('origin');
    if (origin !== null && origin !== own(req)) return error(403, 'forbidden', 'Cross-origin request refused.');
    if (pathname === '/demo/logout') {
      const token = verify(req);
      if (token) revoke(token);
      return jsonResponse({ email: null }, 200, { 'set-cookie': cookie('', 0, secure(req)) });
    }
    // The proxy's own body rules: JSON only, size bounded on the stream.
    let data: unknown;
    try {
      if (!isJson(req)) throw new ProxyError(415, 'unsupported_media_type', 'Send the email as application/json.');
      data = await readJson(req, MAX_BODY_BYTES);
    } catch (err) {
      return errorResponse(err);
    }
    const parsed = v.safeParse(loginSchema, data);
    if (!parsed.success) return error(400, 'bad_request', 'Enter a valid email address.');
    const email = parsed.output.email.toLowerCase();
    return jsonResponse({ email }, 200, {
      'set-cookie': cookie(issue(email), Math.floor(ttlMs / 1000), secure(req)),
    });
  }

  return { getIdentity, handle };
}

function cookie(value: string, maxAge: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function error(status: number, code: ErrorCode, message: string): Response {
  return jsonResponse(errorBody(code, message), status);
}

function methodNotAllowed(allow: string): Response {
  return jsonResponse(errorBody('bad_request', `Use ${allow}.`), 405, { allow });
}
