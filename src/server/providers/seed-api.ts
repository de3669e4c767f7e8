/**
 * Provider for the seed invitations API (`x-api-key`): invitee lookup (which
 * also returns the autojoin offers of the email's domain), accept, revoke as
 * decline, per-scope listing and autojoin settings.
 */
import * as v from 'valibot';
import type { AcceptResult, ErrorCode, InvitationView, SentTo } from '../../shared/view-model.js';
import { ProxyError, UpstreamError } from '../errors.js';
import { lookupAddresses } from '../identity.js';
import { acceptedBy, normalizeSeed, normalizeSeedForScope, recipientOfSeed, seedInvitation, type SeedInvitation } from '../normalize.js';
import type { InvitationProvider, ProviderContext } from '../provider.js';
import { createHttpClient, mapLimit } from './http.js';

export interface SeedApiProviderOptions {
  /** e.g. "https://api.example.com" (paths start with /api/v1). */
  baseUrl: string;
  apiKey: string;
  /** Deadline per upstream call; default 8000. */
  timeoutMs?: number;
  /** Injected fetch, e.g. for an instrumented client; defaults to global fetch. */
  fetch?: typeof fetch;
  /** Parallel upstream accept calls; default 4. */
  acceptConcurrency?: number;
}

/** The upstream's page size for by-scope listings. */
export const SCOPE_PAGE_SIZE = 20;

const list = v.object({ invitations: v.array(v.unknown()) });
const autojoin = v.object({
  autojoinDomains: v.nullish(v.array(v.object({ domain: v.string() }))),
});

function malformed(): UpstreamError {
  return new UpstreamError('upstream_error', 'The invitations service sent a malformed answer.');
}

function invitations(body: unknown): SeedInvitation[] {
  const parsed = v.safeParse(list, body);
  if (!parsed.success) throw malformed();
  const out: SeedInvitation[] = [];
  for (const item of parsed.output.invitations) {
    const inv = v.safeParse(seedInvitation, item);
    if (inv.success) out.push(inv.output);
  }
  return out;
}

/** The accept call answers either the invitation itself or `{ invitations: [...] }`. */
function acceptedInvitation(body: unknown, id: string): SeedInvitation | undefined {
  const wrapped = v.safeParse(list, body);
  const items = wrapped.success ? wrapped.output.invitations : [body];
  const parsed = items.map((i) => v.safeParse(seedInvitation, i)).flatMap((r) => (r.success ? [r.output] : []));
  return parsed.find((i) => i.id === id) ?? parsed[0];
}

const PER_ID: Record<number, { code: ErrorCode; message: string }> = {
  // 403 on accept is the service saying the invitation is not this user's.
  403: { code: 'not_found', message: 'No such invitation.' },
  404: { code: 'not_found', message: 'This invitation no longer exists.' },
  409: { code: 'conflict', message: 'This invitation was already accepted.' },
  410: { code: 'expired', message: 'This invitation has expired.' },
};

function failure(id: string, err: unknown): AcceptResult {
  if (err instanceof UpstreamError) {
    const mapped = err.upstreamStatus !== undefined ? PER_ID[err.upstreamStatus] : undefined;
    if (mapped) return { id, ok: false, error: mapped };
    if (err.upstreamStatus === 400 || err.upstreamStatus === 422) {
      return { id, ok: false, error: { code: 'conflict', message: 'This invitation can no longer be accepted.' } };
    }
    return { id, ok: false, error: { code: err.code, message: err.message } };
  }
  return { id, ok: false, error: { code: 'upstream_error', message: 'The invitations service failed.' } };
}

export function seedApiProvider(options: SeedApiProviderOptions): InvitationProvider {
  const http = createHttpClient({
    baseUrl: options.baseUrl,
    headers: { 'x-api-key': options.apiKey },
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  });
  const seg = encodeURIComponent;

  const readAutojoin = (body: unknown): string[] => {
    const parsed = v.safeParse(autojoin, body);
    if (!parsed.success) throw malformed();
    return (parsed.output.autojoinDomains ?? []).map((d) => d.domain);
  };

  // Per proxy request (its signal): a deep link asks `findAccepted` and then `recipientOf` of one ID.
  const reads = new WeakMap<AbortSignal, Map<string, Promise<SeedInvitation | null>>>();

  /** The invitation by ID; null when upstream has none (404). Read once per request. */
  function byId(id: string, { signal }: ProviderContext): Promise<SeedInvitation | null> {
    let mine = reads.get(signal);
    if (!mine) reads.set(signal, (mine = new Map()));
    let read = mine.get(id);
    if (!read) mine.set(id, (read = fetchById(id, signal)));
    return read;
  }

  async function fetchById(id: string, signal: AbortSignal): Promise<SeedInvitation | null> {
    let body: unknown;
    try {
      body = await http.request('GET', `/api/v1/invitations/${seg(id)}`, { signal });
    } catch (err) {
      if (err instanceof UpstreamError && err.upstreamStatus === 404) return null;
      throw err;
    }
    const inv = v.safeParse(seedInvitation, body);
    return inv.success && inv.output.id === id ? inv.output : null;
  }

  return {
    name: 'seed-api',

    async listForUser(identity, { signal }) {
      // One lookup per address (the sign-in email, then each verified one);
      // the upstream adds an email's domain offers to its lookup.
      // Verified addresses first: an offer found for an unverified sign-in email
      // and a verified address at one domain is kept as the verified one's.
      const addresses = [...lookupAddresses(identity)].sort((a, b) => Number(b.verified) - Number(a.verified));
      const found = await Promise.all(addresses.map(async (address) => {
        const body = await http.request('GET', '/api/v1/invitations', {
          query: { targetType: address.type, targetValue: address.value },
          signal,
        });
        return { address, items: invitations(body) };
      }));
      const now = Date.now();
      const seen = new Map<string, InvitationView>();
      // An invitation found for several addresses is listed once, for the first of them.
      for (const { address, items } of found) {
        for (const inv of items) {
          if (inv.deactivated === true || seen.has(inv.id)) continue;
          seen.set(inv.id, normalizeSeed(inv, identity, now, { type: address.type, value: address.value }));
        }
      }
      return [...seen.values()];
    },

    async accept(identity, ids, { signal }, sentTo) {
      // One upstream call per ID: a single-use invitation that raced to
      // "accepted" must not sink the others in the same request.
      return mapLimit(ids, options.acceptConcurrency ?? 4, async (id): Promise<AcceptResult> => {
        // As the address the invitation was sent to: the upstream matches the acceptor against its target.
        const as: SentTo = sentTo?.get(id) ?? { type: 'email', value: identity.email };
        try {
          const body = await http.request('POST', '/api/v1/invitations/accept', {
            body: { invitationIds: [id], user: as.type === 'phone' ? { phone: as.value } : { email: as.value } },
            signal,
          });
          const inv = acceptedInvitation(body, id);
          const result: AcceptResult = { id, ok: true };
          if (inv) {
            const view: InvitationView = { ...normalizeSeed(inv, identity, Date.now(), as), id, status: 'accepted', canDecline: false };
            result.invitation = view;
          }
          return result;
        } catch (err) {
          return failure(id, err);
        }
      });
    },

    async findAccepted(identity, id, ctx) {
      const inv = await byId(id, ctx);
      const by = inv && lookupAddresses(identity).find((a) => acceptedBy(inv, a.value));
      if (!inv || !by) return null;
      const as: SentTo = { type: by.type, value: by.value };
      return { ...normalizeSeed(inv, identity, Date.now(), as), status: 'accepted', canDecline: false };
    },

    async recipientOf(id, ctx) {
      const inv = await byId(id, ctx);
      return inv && inv.deactivated !== true ? recipientOfSeed(inv) : null;
    },

    async decline(_identity, id, { signal }) {
      try {
        await http.request('DELETE', `/api/v1/invitations/${seg(id)}`, { signal });
      } catch (err) {
        // Revoked or removed between the ownership check and now.
        if (err instanceof UpstreamError && err.upstreamStatus === 404) {
          throw new ProxyError(404, 'not_found', 'No such invitation.');
        }
        throw err;
      }
    },

    async listScope(scopeType, scope, start, { signal }) {
      const body = await http.request('GET', `/api/v1/invitations/by-scope/${seg(scopeType)}/${seg(scope)}`, {
        query: { start },
        signal,
      });
      const all = invitations(body);
      const now = Date.now();
      return {
        invitations: all.filter((i) => i.deactivated !== true).map((i) => normalizeSeedForScope(i, now)),
        nextStart: all.length < SCOPE_PAGE_SIZE ? null : start + all.length,
      };
    },

    async getAutojoin(scopeType, scope, { signal }) {
      const body = await http.request(
        'GET',
        `/api/v1/invitations/by-scope/${seg(scopeType)}/${seg(scope)}/autojoin`,
        { signal },
      );
      return { domains: readAutojoin(body) };
    },

    async setAutojoin(scopeType, scope, domains, { signal }) {
      const body = await http.request('POST', '/api/v1/invitations/autojoin', {
        body: { scope, scopeType, domains },
        signal,
      });
      const parsed = v.safeParse(autojoin, body);
      return { domains: parsed.success && parsed.output.autojoinDomains ? parsed.output.autojoinDomains.map((d) => d.domain) : domains };
    },
  };
}
