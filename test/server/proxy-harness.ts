/** Shared plumbing for the proxy suites: real servers on loopback, closed by the caller. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_ADMINS } from '../../src/emulator/index.js';
import { toNodeListener, type FetchHandler } from '../../src/server/index.js';
import type { Identity } from '../../src/server/provider.js';

export interface Running {
  url: string;
  close(): Promise<void>;
}

export async function listen(listener: http.RequestListener): Promise<Running> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export const serve = (handler: FetchHandler): Promise<Running> => listen(toNodeListener(handler));

/** The test's "session": the signed-in email comes from a header only the test sets. */
export function testIdentity(req: Request): Identity | null {
  const email = req.headers.get('x-test-user');
  if (!email) return null;
  return { userId: `user:${email}`, email, emailVerified: req.headers.get('x-test-unverified') !== '1' };
}

/** `authorizeScope` as the demo has it: the emulator's demo admins, each for their own scope. */
export const isDemoAdmin = (identity: Identity, scopeType: string, scope: string): boolean =>
  DEMO_ADMINS.some((a) => a.email === identity.email && a.scopeType === scopeType && a.scope === scope);

/**
 * The session for tests that need any identity a host could return: a JSON
 * identity in `x-test-identity` (URI-encoded), else `testIdentity`'s header user.
 */
export function headerIdentity(req: Request): Identity | null {
  const raw = req.headers.get('x-test-identity');
  return raw === null ? testIdentity(req) : (JSON.parse(decodeURIComponent(raw)) as Identity);
}

/** Headers that sign the call in as exactly this identity (see `headerIdentity`). */
export const asIdentity = (identity: unknown): Record<string, string> => ({
  'x-test-identity': encodeURIComponent(JSON.stringify(identity)),
});

/** A call to the emulator itself (its API with the key, or its `/__emulator` controls); answers its JSON. */
export async function emulatorCall(url: string, apiKey: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(url + path, {
    method,
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `emulator ${method} ${path}`);
  const text = await res.text();
  return text === '' ? undefined : JSON.parse(text);
}

/** Invitee lookups (`GET /api/v1/invitations`) the emulator has counted since its counter was last cleared. */
export async function upstreamLookups(url: string, apiKey: string): Promise<number> {
  const { byRoute } = (await emulatorCall(url, apiKey, 'GET', '/__emulator/requests')) as { byRoute: Record<string, number> };
  return byRoute['GET /api/v1/invitations'] ?? 0;
}

/** Resolves once the emulator has received the proxy's accept (the proxy holds the invitation's lock by then). */
export async function upstreamAcceptArrived(url: string, apiKey: string): Promise<void> {
  for (;;) {
    const { byRoute } = (await emulatorCall(url, apiKey, 'GET', '/__emulator/requests')) as { byRoute: Record<string, number> };
    if ((byRoute['POST /api/v1/invitations/accept'] ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface CallOptions {
  user?: string;
  unverified?: boolean;
  body?: unknown;
  rawBody?: string;
  contentType?: string | null;
  origin?: string | null;
  headers?: Record<string, string>;
}

/** A browser-like call: same-origin `Origin` and JSON content type unless told otherwise. */
export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.user) headers['x-test-user'] = opts.user;
  if (opts.unverified) headers['x-test-unverified'] = '1';
  const hasBody = opts.body !== undefined || opts.rawBody !== undefined;
  if (hasBody && opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  if (method !== 'GET' && opts.origin !== null) headers['origin'] = opts.origin ?? new URL(base).origin;
  const res = await fetch(base + path, {
    method,
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, headers: res.headers };
}
