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
  ForeignInvitationBody,
  InvitationListResponse,
  InvitationLookupResponse,
  InvitationView,
  Preferences,
  ScopeInvitationsPage,
  SentTo,
} from '../shared/view-model.js';
import { LIMITS } from '../shared/view-model.js';
import { DEFAULT_BODY_TIMEOUT_MS, isJson, readJson } from './body.js';
import { checkOrigin } from './origin.js';
import { ProxyError, errorResponse, jsonResponse, UpstreamError } from './errors.js';
import { checkIdentity, InvalidIdentityError, isOwnAddress, lookupAddresses, normalizeDomain } from './identity.js';
import { maskAddress } from './mask.js';
import { domainRulesLoader, domainRulesMissing, mayAutojoin, mayShow, type DomainRulesOption } from './policy.js';
import type { Identity, InvitationProvider, ProviderContext } from './provider.js';
import { busyError, createInvitationLocks, type HeldLocks } from './invitation-lock.js';
import { realResponse, WRITES_KNOWN_BODIES } from './known-body.js';
import { createListCache } from './list-cache.js';
import { linkedDeadline, untilAborted } from './abort.js';
import { mapLimit } from './providers/http.js';
import { createRateLimits, type LegacyRateLimitOptions, type RateLimitOptions } from './rate-limit.js';
import { sanitizeScopeView, sanitizeView, type SanitizeOptions } from './sanitize.js';
import { withFallback } from './store/fallback.js';
import { digest, userKey } from './store/key.js';
import { memoryStore } from './store/memory.js';
import type { ProxyStore } from './store/types.js';
import { acceptBody, autojoinBody, invitationId, parse, preferencesBody, readPreferences, scopeParams, startQuery } from './validation.js';

/**
 * The proxy handler. `context` is whatever the mount passes along — the Node
 * and Express adapters pass `{ req, res }`, a Hono route may pass its `c` —
 * and reaches `getIdentity` untouched.
 */
export type InviteProxyHandler<C = unknown> = (request: Request, context?: C) => Promise<Response>;

export interface InviteProxyOptions<C = unknown> {
  provider: InvitationProvider;
  /**
   * The signed-in user from the host's session; null → 401. The only source of the email.
   * `context` is what the mount passed (`{ req, res }` from the Node and Express adapters).
   */
  getIdentity(request: Request, context: C): Identity | null | Promise<Identity | null>;
  /** Whether this user administers the scope; absent → every admin route answers 403. */
  authorizeScope?(identity: Identity, scopeType: string, scope: string): boolean | Promise<boolean>;
  /** Origins allowed on state-changing requests besides the request's own (e.g. another subdomain). */
  allowedOrigins?: string[];
  /**
   * Behind a reverse proxy: take the request's scheme and host from `Forwarded` /
   * `X-Forwarded-Proto` / `X-Forwarded-Host` for the origin check. Only when a proxy you
   * control sets them. Default false.
   */
  trustProxy?: boolean;
  /** Adds host data (scope name/logo, inviter); the result is sanitised again. */
  enrich?(view: InvitationView, identity: Identity): InvitationView | Promise<InvitationView>;
  /** Where the host mounts the proxy; default '/api/invitations'. */
  basePath?: string;
  /** Added to the free-mail and disposable provider list of `domainRules`. */
  freeMailDomains?: string[];
  /**
   * What autojoin tells company domains from free-mail ones and public suffixes by:
   * `domainRules` from `invite-inbox/server/domain-rules`, or a function that
   * imports it on first use. `invite-inbox/server` loads those on first autojoin
   * use by default; the runtime-neutral core (`invite-inbox/server/core`, what
   * Workers bundlers pick) has none unless given: autojoin offers are then
   * withheld, setting autojoin domains answers 501 `domain_rules_missing`, and
   * `onError` is told once.
   */
  domainRules?: DomainRulesOption;
  /**
   * Per-user limits: `list` (default 60 per 60 s) and `mutate` (accept + decline, default 30 per 60 s);
   * `false` turns them off. The older `{ max, windowMs }` sets `mutate`.
   */
  rateLimit?: RateLimitOptions | LegacyRateLimitOptions | false;
  /** Keep each user's list this long (ms) in the store; accept/decline invalidate. Default 0 (off). */
  listCacheMs?: number;
  /** Where rate limits, the list cache and invitation locks live; default this instance's memory. */
  store?: ProxyStore;
  /** Most items `GET {base}` returns (pending first, then newest); `total` tells how many there were. Default 100. */
  maxItems?: number;
  /** One deadline for each proxy request, shared by all its upstream calls, in ms. Default 10 000. */
  deadlineMs?: number;
  /** Time allowed to receive a request body before answering 408, in ms. Default 10 000. */
  bodyTimeoutMs?: number;
  /**
   * Hosts whose images (scope logos, inviter avatars) from upstream data may be
   * shown; others are dropped and the element shows a monogram. Default: none.
   * URLs set by `enrich` are the host's own and may point anywhere over https.
   */
  imageHosts?: string[];
  /**
   * Keep each user's choices ("Not interested", the prompt's snooze) server-side
   * at `GET|PUT {base}/preferences`, so they follow the user across devices:
   * `true` keeps them in `store`, a `ProxyStore` keeps them there instead.
   * Stored without expiry, under a digest of the user ID. Default false: both
   * routes answer 501 and the element keeps them in localStorage.
   */
  preferences?: boolean | ProxyStore;
  /** Told about upstream failures and unexpected errors; errors here carry no secrets. */
  onError?(err: unknown): void;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UPSTREAM_CODES = new Set(['upstream_error', 'upstream_timeout']);
/** Per-ID upstream reads at once: enough to finish 100 IDs within a deadline, few enough to spare the upstream. */
const ID_CONCURRENCY = 6;
/** Upstream answers after which an accept may still have landed. */
const MAYBE_LANDED = new Set(['upstream_error', 'upstream_timeout', 'conflict']);

const timedOut = (): UpstreamError => new UpstreamError('upstream_timeout', 'The invitations service did not answer in time.');

/** `work`, or an upstream timeout as soon as `signal` aborts, for providers that ignore the signal. */
const beforeDeadline = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> => untilAborted(work, signal, { reason: timedOut });

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer.`);
  return value;
}

const byPendingThenNewest = (a: InvitationView, b: InvitationView): number =>
  Number(b.status === 'pending') - Number(a.status === 'pending') || Date.parse(b.createdAt) - Date.parse(a.createdAt);

/** The element's per-user key: stable, and no email or user ID in the clear. */
const viewerKey = (userId: string): Promise<string> => digest(`invite-inbox:${userId}`, 8);

const preferencesKey = async (identity: Identity): Promise<string> => `prefs:${await userKey(identity.userId)}`;

export function createInviteProxy<C = unknown>(options: InviteProxyOptions<C>): InviteProxyHandler<C> {
  const { provider } = options;
  const basePath = (options.basePath ?? '/api/invitations').replace(/\/+$/, '') || '/';
  const maxItems = positive(options.maxItems, 100, 'maxItems');
  const deadlineMs = positive(options.deadlineMs, 10_000, 'deadlineMs');
  const bodyTimeoutMs = positive(options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS, 'bodyTimeoutMs');
  const upstreamImages: SanitizeOptions = {
    imageHosts: new Set((options.imageHosts ?? []).map((h) => normalizeDomain(h) ?? h.toLowerCase())),
  };

  const report = (err: unknown): void => {
    try {
      options.onError?.(err);
    } catch {
      // A broken logger must not turn into a broken response.
    }
  };

  const domainRules = domainRulesLoader(options.domainRules, options.freeMailDomains, report);
  // A shared store that fails falls back to this instance's memory (and says so once through onError).
  const store = options.store ? withFallback(options.store, report) : memoryStore();
  const limits = createRateLimits(store, options.rateLimit);
  const listCache = createListCache(store, Math.max(0, options.listCacheMs ?? 0), report, (v) => sanitizeView(v, undefined, upstreamImages));
  const locks = createInvitationLocks(store, report);
  const preferences = options.preferences === true ? store : options.preferences ? withFallback(options.preferences, report) : undefined;
  /** Locks each state-changing request holds, with the key of the list they make stale. */
  const changing = new WeakMap<Request, { held: HeldLocks; listKey: string }>();

  async function identityOf(c: Context): Promise<Identity> {
    const identity = checkIdentity(await options.getIdentity(c.req.raw, c.env.context as C));
    if (!identity) throw new ProxyError(401, 'unauthenticated', 'Sign in to see your invitations.');
    return identity;
  }

  async function limit(kind: 'list' | 'mutate', identity: Identity): Promise<void> {
    await limits.check(kind, await userKey(identity.userId));
  }

  /** Identical lookups: the same identity, whatever the host put in it. */
  const listKeyOf = (identity: Identity): Promise<string> => userKey(JSON.stringify(identity));

  /** The list route's view of the own set: coalesced with identical lookups, cached when enabled. */
  async function listedSet(identity: Identity, c: Context): Promise<InvitationView[]> {
    // This caller waits until its own deadline; the shared lookup stops when every caller has gone.
    const { signal } = ctxOf(c);
    const key = await listKeyOf(identity);
    // The cache already stops waiting when `signal` aborts; its rejection becomes the upstream timeout every route answers.
    return listCache.get(key, signal, (shared) => ownSet(identity, { ...ctxOf(c), signal: shared })).catch((err: unknown) => {
      throw signal.aborted ? timedOut() : err;
    });
  }

  /**
   * Takes this user's lock on each ID for the rest of the request and answers
   * the IDs another request is changing now (those must answer 409 conflict).
   */
  async function serialise(c: Context, identity: Identity, ids: readonly string[]): Promise<Set<string>> {
    const key = await userKey(identity.userId);
    const held = await locks.acquire(key, ids);
    changing.set(c.req.raw, { held, listKey: await listKeyOf(identity) });
    return new Set(held.busy);
  }


  // One context per request, made as it arrives: its signal carries the request's single deadline.
  const ctxOf = (c: Context): ProviderContext => c.env.ctx;

  /** A `sentTo` naming an address that is not this user's (a provider bug) is dropped, and with it the accept-as. */
  function ownAddressOnly(view: InvitationView, identity: Identity): InvitationView {
    if (view.sentTo && !isOwnAddress(identity, view.sentTo)) delete view.sentTo;
    return view;
  }

  /**
   * `view` is already sanitised (every caller has it from `sanitizeView`: a
   * provider's answer, or the list cache as it is read back); a copy leaves the
   * one other requests may share untouched.
   */
  async function present(view: InvitationView, identity: Identity): Promise<InvitationView> {
    const trusted = { ...view };
    // Which address it was sent to only tells something when the user has several.
    if (lookupAddresses(identity).length < 2) delete trusted.sentTo;
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
    const views = (await beforeDeadline(provider.listForUser(identity, ctx), ctx.signal))
      .map((v) => ownAddressOnly(sanitizeView(v, undefined, upstreamImages), identity))
      .filter((v) => v.id !== '');
    const rules = views.some((v) => v.kind === 'autojoin') ? await domainRules() : undefined;
    return views.filter((v) => mayShow(v, identity, rules));
  }

  /**
   * The accepted invitation for each ID this user has already accepted, for
   * IDs whose accept may have landed unseen. Past the deadline nothing is
   * asked and every ID stays unknown.
   */
  async function alreadyAccepted(identity: Identity, ids: string[], ctx: ProviderContext): Promise<Map<string, InvitationView>> {
    const found = new Map<string, InvitationView>();
    const { findAccepted } = provider;
    if (!findAccepted || ids.length === 0 || ctx.signal.aborted) return found;
    await beforeDeadline(mapLimit(ids, ID_CONCURRENCY, async (id) => {
      if (ctx.signal.aborted) return;
      try {
        const view = await findAccepted.call(provider, identity, id, ctx);
        if (view) found.set(id, view);
      } catch (err) {
        report(err);
      }
    }), ctx.signal).catch(() => undefined);
    return found;
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

  const app = new Hono<{ Bindings: { context: C | undefined; ctx: ProviderContext } }>({ strict: false }).basePath(basePath);

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
    checkOrigin(c.req.raw, options);
    // Also CSRF: a JSON content type forces a CORS preflight on cross-site requests.
    if (!isJson(c.req.raw)) {
      throw new ProxyError(415, 'unsupported_media_type', 'Send the request as application/json.');
    }
    return next();
  });

  // A request that took invitation locks frees them once it has answered,
  // however it ended, and the user's next list is fresh.
  app.use('*', async (c, next) => {
    try {
      await next();
    } finally {
      const taken = changing.get(c.req.raw);
      if (taken) {
        await taken.held.release();
        await listCache.invalidate(taken.listKey).catch(report);
      }
    }
  });

  app.get('/', async (c) => {
    const identity = await identityOf(c);
    await limit('list', identity);
    // Stored choices travel with the list: one request, and none that fails where none are kept.
    const [own, stored] = await Promise.all([
      listedSet(identity, c),
      preferences ? preferences.get(await preferencesKey(identity)) : undefined,
    ]);
    // Cap before enriching: a flood of invitations must not cost a host lookup each.
    const shown = [...own].sort(byPendingThenNewest).slice(0, maxItems);
    const invitations = await Promise.all(shown.map((v) => present(v, identity)));
    invitations.sort(byPendingThenNewest);
    const body: InvitationListResponse = { invitations, total: own.length, viewerKey: await viewerKey(identity.userId) };
    if (stored !== undefined) body.preferences = readPreferences(stored);
    return jsonResponse(body);
  });

  app.post('/accept', async (c) => {
    const identity = await identityOf(c);
    await limit('mutate', identity);
    const { invitationIds } = parse(acceptBody, await readJson(c.req.raw, undefined, bodyTimeoutMs), 'request body');
    const busy = await serialise(c, identity, invitationIds);
    const ctx = ctxOf(c);
    const own = new Map((await ownSet(identity, ctx)).map((v) => [v.id, v]));

    const results = new Map<string, AcceptResult>();
    const accepted = async (id: string, upstream: unknown, before: InvitationView): Promise<AcceptResult> => {
      const after = sanitizeView(upstream ?? before, { ...before, id, status: 'accepted', canDecline: false }, upstreamImages);
      return { id, ok: true, invitation: await present(after, identity) };
    };
    const toSend: string[] = [];
    // IDs outside the open set: an accept of this user's that already landed
    // (a retry after a lost answer) leaves the set, and must still answer ok.
    const unknown: string[] = [];
    for (const id of invitationIds) {
      const view = own.get(id);
      if (busy.has(id)) results.set(id, { id, ok: false, error: { code: 'conflict', message: busyError().message } });
      else if (!view) unknown.push(id);
      else if (view.status === 'expired') results.set(id, { id, ok: false, error: { code: 'expired', message: 'This invitation has expired.' } });
      else if (view.status === 'accepted') results.set(id, await accepted(id, view, view));
      else toSend.push(id);
    }

    const failed = new Map<string, AcceptResult>();
    if (toSend.length > 0) {
      const sentTo = new Map<string, SentTo>();
      for (const id of toSend) {
        const to = own.get(id)!.sentTo;
        if (to) sentTo.set(id, to);
      }
      const upstream = await beforeDeadline(provider.accept(identity, toSend, ctx, sentTo), ctx.signal)
        .catch((err: unknown): AcceptResult[] => {
          if (!(err instanceof UpstreamError)) throw err;
          return toSend.map((id) => ({ id, ok: false, error: { code: err.code, message: err.message } }));
        });
      const byId = new Map(upstream.map((r) => [r.id, r]));
      for (const id of toSend) {
        const r = byId.get(id)
          ?? { id, ok: false, error: { code: 'upstream_error', message: 'The invitations service gave no answer for this invitation.' } };
        if (r.ok === true) {
          results.set(id, await accepted(id, r.invitation, own.get(id)!));
        } else {
          // Host hooks write these messages; keep them label-sized.
          failed.set(id, {
            id,
            ok: false,
            error: {
              code: String(r.error?.code ?? 'upstream_error').slice(0, 64),
              message: String(r.error?.message ?? 'Not accepted.').slice(0, 300),
            },
          });
        }
      }
    }

    // A timeout, a dropped connection or a conflict can hide an accept that
    // went through: ask before answering, so the user is never told a joined
    // invitation is gone.
    const unsure = [...unknown, ...[...failed.values()].filter((r) => MAYBE_LANDED.has(String(r.error?.code))).map((r) => r.id)];
    const landed = await alreadyAccepted(identity, unsure, ctx);
    for (const [id, found] of landed) {
      results.set(id, await accepted(id, found, own.get(id) ?? ownAddressOnly(sanitizeView(found, undefined, upstreamImages), identity)));
    }
    for (const [id, r] of failed) if (!results.has(id)) results.set(id, r);
    // Someone else's ID gets exactly the answer an unknown one gets.
    for (const id of unknown) {
      if (!results.has(id)) results.set(id, { id, ok: false, error: { code: 'not_found', message: 'No such invitation.' } });
    }

    const all = invitationIds.map((id) => results.get(id)!);
    // Every ID went upstream (they are unique), nothing is known and the upstream is to blame: say so for the whole request.
    if (toSend.length === all.length && all.every((r) => !r.ok && UPSTREAM_CODES.has(String(r.error?.code)))) {
      const timeout = all.every((r) => r.error?.code === 'upstream_timeout');
      throw new UpstreamError(timeout ? 'upstream_timeout' : 'upstream_error', all[0]!.error!.message);
    }
    const body: AcceptResponse = { results: all };
    return jsonResponse(body);
  });

  // Before `/:id`, which would otherwise take "preferences" for an invitation ID.
  app.get('/preferences', async (c) => {
    const identity = await identityOf(c);
    if (!preferences) throw notSupported('stored preferences');
    await limit('list', identity);
    const stored = await preferences.get(await preferencesKey(identity));
    return jsonResponse(readPreferences(stored));
  });

  app.put('/preferences', async (c) => {
    const identity = await identityOf(c);
    if (!preferences) throw notSupported('stored preferences');
    await limit('mutate', identity);
    const body = await readJson(c.req.raw, LIMITS.maxPreferencesBytes, bodyTimeoutMs);
    const prefs: Preferences = parse(preferencesBody, body, 'request body');
    // No expiry: a dismissal must outlive any session.
    await preferences.set(await preferencesKey(identity), JSON.stringify(prefs));
    return jsonResponse(prefs);
  });

  // A deep link from an invitation email: the user's own invitation with where
  // it stands, or — for someone else's — only the masked address it was sent to.
  app.get('/:id', async (c) => {
    const identity = await identityOf(c);
    await limit('list', identity);
    const id = parse(invitationId, c.req.param('id'), 'invitation ID');
    const ctx = ctxOf(c);
    // An accepted invitation leaves the open set; ask for it only when the set lacks the ID.
    const listed = (await listedSet(identity, c)).find((view) => view.id === id);
    const accepted = listed ? undefined : (await alreadyAccepted(identity, [id], ctx)).get(id);
    const found = listed ?? (accepted && ownAddressOnly(sanitizeView(accepted, undefined, upstreamImages), identity));
    if (found) {
      const body: InvitationLookupResponse = {
        invitation: await present(found, identity),
        state: found.status === 'pending' ? 'open' : found.status,
      };
      return jsonResponse(body);
    }
    const recipient = provider.recipientOf ? await beforeDeadline(provider.recipientOf(id, ctx), ctx.signal) : null;
    const sentTo = recipient && maskAddress(recipient);
    if (!sentTo) throw new ProxyError(404, 'not_found', 'No such invitation.');
    const body: ForeignInvitationBody = {
      error: { code: 'forbidden', message: 'This invitation was sent to another address.', sentTo },
    };
    return jsonResponse(body, 403);
  });

  app.post('/:id/decline', async (c) => {
    const identity = await identityOf(c);
    await limit('mutate', identity);
    const id = parse(invitationId, c.req.param('id'), 'invitation ID');
    if ((await serialise(c, identity, [id])).size > 0) throw busyError();
    if (!provider.decline) throw notSupported('declining invitations');
    const view = (await ownSet(identity, ctxOf(c))).find((v) => v.id === id);
    if (!view) throw new ProxyError(404, 'not_found', 'No such invitation.');
    if (view.kind === 'autojoin') {
      throw new ProxyError(409, 'conflict', 'Autojoin offers cannot be declined; dismiss them instead.');
    }
    if (view.status === 'expired') throw new ProxyError(409, 'expired', 'This invitation has expired.');
    if (view.status === 'accepted') throw new ProxyError(409, 'conflict', 'This invitation was already accepted.');
    if (!view.canDecline) throw notSupported('declining this invitation');
    await beforeDeadline(provider.decline(identity, id, ctxOf(c)), ctxOf(c).signal);
    const body: DeclineResponse = { id, ok: true };
    return jsonResponse(body);
  });

  app.get('/scopes/:scopeType/:scope', async (c) => {
    const { identity, scopeType, scope } = await admin(c);
    const start = parse(startQuery, c.req.query('start'), 'start');
    if (!provider.listScope) throw notSupported('listing a scope');
    const page = await beforeDeadline(provider.listScope(scopeType, scope, start, ctxOf(c)), ctxOf(c).signal);
    const invitations = await Promise.all(
      page.invitations.map(async (v) => {
        const trusted = sanitizeScopeView(v, undefined, upstreamImages);
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
    const settings = await beforeDeadline(provider.getAutojoin(scopeType, scope, ctxOf(c)), ctxOf(c).signal);
    const body: AutojoinSettings = { domains: settings.domains.filter((d) => typeof d === 'string') };
    return jsonResponse(body);
  });

  app.put('/scopes/:scopeType/:scope/autojoin', async (c) => {
    const { scopeType, scope } = await admin(c);
    const input = parse(autojoinBody, await readJson(c.req.raw, undefined, bodyTimeoutMs), 'request body');
    const domains = [...new Set(input.domains)];
    const rules = await domainRules();
    if (!rules) throw domainRulesMissing();
    const suffixes = domains.filter((d) => !rules.isRegistrable(d));
    if (suffixes.length > 0) {
      throw new ProxyError(400, 'bad_request', `Only domains an organisation can register can be used for autojoin, not: ${suffixes.join(', ')}.`);
    }
    const free = domains.filter((d) => !mayAutojoin(d, rules));
    if (free.length > 0) {
      throw new ProxyError(400, 'bad_request', `Free-mail domains cannot be used for autojoin: ${free.join(', ')}.`);
    }
    if (!provider.setAutojoin) throw notSupported('autojoin settings');
    const settings = await beforeDeadline(provider.setAutojoin(scopeType, scope, domains, ctxOf(c)), ctxOf(c).signal);
    const body: AutojoinSettings = { domains: settings.domains.filter((d) => typeof d === 'string') };
    return jsonResponse(body);
  });

  app.notFound(() => jsonResponse({ error: { code: 'not_found', message: 'No such route.' } }, 404));

  app.onError((err) => {
    if (!(err instanceof ProxyError) || err instanceof UpstreamError) report(err);
    // The host's session code returned garbage: a server fault, not a visitor without a session.
    if (err instanceof InvalidIdentityError) {
      return errorResponse(new ProxyError(500, 'internal_error', 'The server could not read your session.'));
    }
    return errorResponse(err);
  });

  return async (req, context) => {
    const deadline = linkedDeadline(req.signal, deadlineMs, 'The request ran out of time.');
    let response: Response;
    try {
      response = await app.fetch(req, { context, ctx: { signal: deadline.signal } });
    } catch (err) {
      report(err);
      response = errorResponse(err);
    } finally {
      deadline.stop();
    }
    // A lazy response only for a mount that writes its text itself; everyone else gets a real one.
    return (req as { [WRITES_KNOWN_BODIES]?: boolean })[WRITES_KNOWN_BODIES] === true ? response : realResponse(response);
  };
}
