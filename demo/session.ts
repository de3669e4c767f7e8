/**
 * The demo host's minimal session: `POST /demo/login {email}`, `POST /demo/logout`,
 * `GET /demo/me`. A real host has its own sign-in; this stands in for it so the
 * proxy has a session to read the identity from.
 *
 * The cookie is a signed, HttpOnly token holding the email. The signing key is
 * random per process, so a restart signs everyone out — fine for a demo, and it
 * means no secret ever lives in the repository.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isJson, readJson } from '../src/server/body.js';
import { ProxyError, errorBody, errorResponse, jsonResponse } from '../src/server/errors.js';
import type { Identity } from '../src/server/provider.js';
import type { ErrorCode } from '../src/shared/view-model.js';

export const SESSION_COOKIE = 'demo_session';

/** Small bodies only: the login form sends one email. */
const MAX_BODY_BYTES = 1024;

const loginSchema = z.object({ email: z.email().max(254) });

export interface DemoSession {
  /** The proxy's identity hook. */
  getIdentity(req: Request): Identity | null;
  /** Handles `/demo/login`, `/demo/logout`, `/demo/me`; null for any other path. */
  handle(req: Request): Promise<Response | null>;
}

export function createDemoSession(opts: { secret?: Uint8Array } = {}): DemoSession {
  const secret = opts.secret ?? randomBytes(32);

  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

  function issue(email: string): string {
    const payload = Buffer.from(JSON.stringify({ email }), 'utf8').toString('base64url');
    return `${payload}.${sign(payload)}`;
  }

  function read(req: Request): string | null {
    const token = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
    if (!token) return null;
    const [payload, mac] = token.split('.');
    if (!payload || !mac) return null;
    const expected = Buffer.from(sign(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const parsed = loginSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data.email : null;
    } catch {
      return null;
    }
  }

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
    if (!isSameOrigin(req)) return error(403, 'forbidden', 'Cross-origin request refused.');
    if (pathname === '/demo/logout') {
      return jsonResponse({ email: null }, 200, { 'set-cookie': cookie('', 0) });
    }
    // The proxy's own body rules: JSON only, size bounded on the stream.
    let data: unknown;
    try {
      if (!isJson(req)) throw new ProxyError(415, 'unsupported_media_type', 'Send the email as application/json.');
      data = await readJson(req, MAX_BODY_BYTES);
    } catch (err) {
      return errorResponse(err);
    }
    const parsed = loginSchema.safeParse(data);
    if (!parsed.success) return error(400, 'bad_request', 'Enter a valid email address.');
    const email = parsed.data.email.toLowerCase();
    return jsonResponse({ email }, 200, { 'set-cookie': cookie(issue(email), 60 * 60 * 24 * 7) });
  }

  return { getIdentity, handle };
}

function cookie(value: string, maxAge: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  // Browsers always send Origin on a cross-site POST; its absence means a non-browser client.
  if (origin === null) return true;
  return origin === new URL(req.url).origin;
}

function error(status: number, code: ErrorCode, message: string): Response {
  return jsonResponse(errorBody(code, message), status);
}

function methodNotAllowed(allow: string): Response {
  return jsonResponse(errorBody('bad_request', `Use ${allow}.`), 405, { allow });
}
