/**
 * The proxy core: a Web-standard `(Request) => Promise<Response>` handler that
 * takes the user from the host's session, checks every ID against the user's
 * own open set, applies the autojoin policy and talks to one provider.
 */
import { Hono } from 'hono/tiny';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import type {
  AcceptResponse,
  AcceptResult,
  AutojoinSettings,
  DeclineResponse,
  InvitationListResponse,
  InvitationView,
  ScopeInvitationsPage,
} from '../shared/view-model.js';
import { isJson, readJson } from './body.js';
import { ProxyError, errorResponse, jsonResponse, UpstreamError } from './errors.js';
import { createFreeMailCheck, mayShow } from './policy.js';
import type { Identity, InvitationProvider, ProviderContext } from './provider.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { sanitizeScopeView, sanitizeView } from './sanitize.js';
import { acceptBody, autojoinBody, invitationId, parse, scopeParams, startQuery } from './validation.js';

export interface InviteProxyOptions {
  provider: InvitationProvider;
  /** The signed-in user from the host's session; null → 401. The only source of the email. */
  getIdentity(req: Request): Identity | null | Promise<Identity | null>;
  /** Whether this user administers the scope; absent → every admin route answers 403. */
  authorizeScope?(identity: Identity, scopeType: string, scope: string): boolean | Promise<boolean>;
  /** Origins allowed on state-changing requests; default: the request's own origin only. */
  allowedOrigins?: string[];
  /** Adds host data (scope name/logo, inviter); the result is sanitised again. */
  enrich?(view: InvitationView, identity: Identity): InvitationView | Promise<InvitationView>;
  /** Where the host mounts the proxy; default '/api/invitations'. */
  basePath?: string;
  /** Added to the built-in free-mail list. */
  freeMailDomains?: string[];
  /** Per-user limit on accept/decline; `false` turns it off. Default 30 per minute. */
  rateLimit?: Partial<RateLimitOptions> | false;
  /** Told about upstream failures and unexpected errors; errors here carry no secrets. */
  onError?(err: unknown): void;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UPSTREAM_CODES = new Set(['upstream_error', 'upstream_timeout']);

const byPendingThenNewest = (a: InvitationView, b: InvitationView): number =>
  Number(b.status === 'pending') - Number(a.status === 'pending') || Date.parse(b.createdAt) - Date.parse(a.createdAt);

// A digest per list request (a thread-pool round trip) was the largest single
// item in the proxy's profile; a user's key never changes, so recent ones are kept.
const VIEWER_KEYS_KEPT = 10_000;
const viewerKeys = new Map<string, string>();

async function viewerKey(userId: string): Promise<string> {
  const known = viewerKeys.get(userId);
  if (known !== undefined) return known;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`invite-inbox:${userId}`));
  const key = Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  if (viewerKeys.size >= VIEWER_KEYS_KEPT) viewerKeys.delete(viewerKeys.keys().next().value!);
  viewerKeys.set(userId, key);
  return key;
}

function isIdentity(v: unknown): v is Identity {
  const i = v as Identity | null;
  return !!i && typeof i.userId === 'string' && i.userId !== '' && typeof i.email === 'string' && i.email.includes('@');
}

export function createInviteProxy(options: InviteProxyOptions): (req: Request) => Promise<Response> {
  const { provider } = options;
  const basePath = (options.basePath ?? '/api/invitations').replace(/\/+$/, '') || '/';
  const isFreeMail = createFreeMailCheck(options.freeMailDomains);
  const limiter = options.rateLimit === false
    ? undefined
    : createRateLimiter({ max: options.rateLimit?.max ?? 30, windowMs: options.rateLimit?.windowMs ?? 60_000 });

  const report = (err: unknown): void => {
    try {
      options.onError?.(err);
    } catch {
      // A broken logger must not turn into a broken response.
    }
  };

  async function identityOf(c: Context): Promise<Identity> {
    const identity = await options.getIdentity(c.req.raw);
    if (!isIdentity(identity)) throw new ProxyError(401, 'unauthenticated', 'Sign in to see your invitations.');
    return identity;
  }

  function limit(identity: Identity): void {
    const wait = limiter?.hit(identity.userId) ?? 0;
    if (wait > 0) {
      throw new ProxyError(429, 'rate_limited', 'Too many requests; try again shortly.', { 'retry-after': String(wait) });
    }
  }


  const ctxOf = (c: Context): ProviderContext => ({ signal: c.req.raw.signal });

  async function present(view: InvitationView, identity: Identity): Promise<InvitationView> {
    const trusted = sanitizeView(view);
    if (!options.enrich) return trusted;
    try {
      return sanitizeView(await options.enrich(structuredClone(trusted), identity), trusted);
    } catch (err) {
      report(err);
      return trusted;
    }
  }

  /** The user's own items, policy applied: the only set IDs are checked against. */
  async function ownSet(identity: Identity, ctx: ProviderContext): Promise<InvitationView[]> {
    const views = await provider.listForUser(identity, ctx);
    return views.map((v) => sanitizeView(v)).filter((v) => v.id !== '' && mayShow(v, identity, isFreeMail));
  }

  async function admin(c: Context): Promise<{ identity: Identity; scopeType: string; scope: string }> {
    const identity = await identityOf(c);
    const { scopeType, scope } = parse(scopeParams, c.req.param(), 'scope');
    const allowed = options.authorizeScope ? await options.authorizeScope(identity, scopeType, scope) : false;
    if (allowed !== true) throw new ProxyError(403, 'forbidden', 'You do not administer this scope.');
    return { identity, scopeType, scope };
  }

  const notSupported = (what: string): ProxyError =>
    new ProxyError(501, 'not_supported', `This invitations service does not support ${what}.`);

  const app = new Hono({ strict: false }).basePath(basePath);

  // Listed foreign origins (an app on another subdomain) need CORS with
  // credentials; without a list the proxy is same-origin only and sends none.
  if (options.allowedOrigins) {
    app.use('*', cors({
      origin: options.allowedOrigins,
      credentials: true,
      allowMethods: ['GET', 'POST', 'PUT'],
      allowHeaders: ['content-type', 'authorization'],
      maxAge: 600,
    }));
  }

  app.use('*', async (c, next) => {
    if (!STATE_CHANGING.has(c.req.method)) return next();
    // CSRF: a cross-site form or script can send cookies but not a matching Origin.
    const origin = c.req.header('origin');
    const allowed = options.allowedOrigins ?? [new URL(c.req.url).origin];
    if (origin === undefined) {
      if (c.req.header('sec-fetch-site') !== 'same-origin') {
        throw new ProxyError(403, 'forbidden', 'Cross-origin request refused.');
      }
    } else if (!allowed.includes(origin)) {
      throw new ProxyError(403, 'forbidden', 'Cross-origin request refused.');
    }
    // Also CSRF: a JSON content type forces a CORS preflight on cross-site requests.
    if (!isJson(c.req.raw)) {
      throw new ProxyError(415, 'unsupported_media_type', 'Send the request as application/json.');
    }
    return next();
  });

  app.get('/', async (c) => {
    const identity = await identityOf(c);
    const own = await ownSet(identity, ctxOf(c));
    const invitations = await Promise.all(own.map((v) => present(v, identity)));
    invitations.sort(byPendingThenNewest);
    const body: InvitationListResponse = { invitations, viewerKey: await viewerKey(identity.userId) };
    return jsonResponse(body);
  });

  app.post('/accept', async (c) => {
    const identity = await identityOf(c);
    limit(identity);
    const { invitationIds } = parse(acceptBody, await readJson(c.req.raw), 'request body');
    const ctx = ctxOf(c);
    const own = new Map((await ownSet(identity, ctx)).map((v) => [v.id, v]));

    const results = new Map<string, AcceptResult>();
    const toSend: string[] = [];
    for (const id of invitationIds) {
      const view = own.get(id);
      // Someone else's ID gets exactly the answer an unknown one gets.
      if (!view) results.set(id, { id, ok: false, error: { code: 'not_found', message: 'No such invitation.' } });
      else if (view.status === 'expired') results.set(id, { id, ok: false, error: { code: 'expired', message: 'This invitation has expired.' } });
      else if (view.status === 'accepted') results.set(id, { id, ok: false, error: { code: 'conflict', message: 'This invitation was already accepted.' } });
      else toSend.push(id);
    }

    if (toSend.length > 0) {
      const upstream = await provider.accept(identity, toSend, ctx);
      const byId = new Map(upstream.map((r) => [r.id, r]));
      const sent = toSend.map((id): AcceptResult =>
        byId.get(id) ?? { id, ok: false, error: { code: 'upstream_error', message: 'The invitations service gave no answer for this invitation.' } });
      // Nothing went through and the upstream is to blame: say so for the whole request.
      if (sent.every((r) => !r.ok && UPSTREAM_CODES.has(String(r.error?.code)))) {
        const timeout = sent.every((r) => r.error?.code === 'upstream_timeout');
        throw new UpstreamError(timeout ? 'upstream_timeout' : 'upstream_error', sent[0]!.error!.message);
      }
      for (const r of sent) {
        const result: AcceptResult = { id: r.id, ok: r.ok === true };
        if (result.ok) {
          const before = own.get(r.id)!;
          const after = sanitizeView(r.invitation ?? before, { ...before, status: 'accepted', canDecline: false });
          result.invitation = await present(after, identity);
        } else {
          // Host hooks write these messages; keep them label-sized.
          result.error = {
            code: String(r.error?.code ?? 'upstream_error').slice(0, 64),
            message: String(r.error?.message ?? 'Not accepted.').slice(0, 300),
          };
        }
        results.set(r.id, result);
      }
    }
    const body: AcceptResponse = { results: invitationIds.map((id) => results.get(id)!) };
    return jsonResponse(body);
  });

  app.post('/:id/decline', async (c) => {
    const identity = await identityOf(c);
    limit(identity);
    const id = parse(invitationId, c.req.param('id'), 'invitation ID');
    if (!provider.decline) throw notSupported('declining invitations');
    const view = (await ownSet(identity, ctxOf(c))).find((v) => v.id === id);
    if (!view) throw new ProxyError(404, 'not_found', 'No such invitation.');
    if (view.kind === 'autojoin') {
      throw new ProxyError(409, 'conflict', 'Autojoin offers cannot be declined; dismiss them instead.');
    }
    if (view.status === 'expired') throw new ProxyError(409, 'expired', 'This invitation has expired.');
    if (view.status === 'accepted') throw new ProxyError(409, 'conflict', 'This invitation was already accepted.');
    if (!view.canDecline) throw notSupported('declining this invitation');
    await provider.decline(identity, id, ctxOf(c));
    const body: DeclineResponse = { id, ok: true };
    return jsonResponse(body);
  });

  app.get('/scopes/:scopeType/:scope', async (c) => {
    const { identity, scopeType, scope } = await admin(c);
    const start = parse(startQuery, c.req.query('start'), 'start');
    if (!provider.listScope) throw notSupported('listing a scope');
    const page = await provider.listScope(scopeType, scope, start, ctxOf(c));
    const invitations = await Promise.all(
      page.invitations.map(async (v) => {
        const trusted = sanitizeScopeView(v);
        const shown = await present(trusted, identity);
        return trusted.target ? { ...shown, target: trusted.target } : shown;
      }),
    );
    const nextStart = typeof page.nextStart === 'number' && Number.isSafeInteger(page.nextStart) ? page.nextStart : null;
    const body: ScopeInvitationsPage = { invitations, nextStart };
    return jsonResponse(body);
  });

  app.get('/scopes/:scopeType/:scope/autojoin', async (c) => {
    const { scopeType, scope } = await admin(c);
    if (!provider.getAutojoin) throw notSupported('autojoin settings');
    const settings = await provider.getAutojoin(scopeType, scope, ctxOf(c));
    const body: AutojoinSettings = { domains: settings.domains.filter((d) => typeof d === 'string') };
    return jsonResponse(body);
  });

  app.put('/scopes/:scopeType/:scope/autojoin', async (c) => {
    const { scopeType, scope } = await admin(c);
    const input = parse(autojoinBody, await readJson(c.req.raw), 'request body');
    const domains = [...new Set(input.domains)];
    const free = domains.filter(isFreeMail);
    if (free.length > 0) {
      throw new ProxyError(400, 'bad_request', `Free-mail domains cannot be used for autojoin: ${free.join(', ')}.`);
    }
    if (!provider.setAutojoin) throw notSupported('autojoin settings');
    const settings = await provider.setAutojoin(scopeType, scope, domains, ctxOf(c));
    const body: AutojoinSettings = { domains: settings.domains.filter((d) => typeof d === 'string') };
    return jsonResponse(body);
  });

  app.notFound(() => jsonResponse({ error: { code: 'not_found', message: 'No such route.' } }, 404));

  app.onError((err) => {
    if (!(err instanceof ProxyError) || err instanceof UpstreamError) report(err);
    return errorResponse(err);
  });

  return async (req) => {
    try {
      return await app.fetch(req);
    } catch (err) {
      report(err);
      return errorResponse(err);
    }
  };
}
