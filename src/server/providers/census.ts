/**
 * Provider for the organisation-list API (bearer token, paginated list of
 * claimed and unclaimed invitations). It has no lookup by invitee, so the whole
 * list is paged through and filtered here; it has no accept or decline either,
 * so accepting goes through the host's `claim` hook.
 */
import * as v from 'valibot';
import type { AcceptResult, InvitationView, ScopeInvitationView } from '../../shared/view-model.js';
import { ProxyError, UpstreamError } from '../errors.js';
import { lookupAddresses, normalizeEmail } from '../identity.js';
import type { Identity, InvitationProvider } from '../provider.js';
import { createHttpClient } from './http.js';

const record = v.object({
  id: v.pipe(v.union([v.number(), v.string()]), v.transform(String)),
  email: v.string(),
  created_at: v.nullish(v.string()),
  claimed_at: v.nullish(v.string()),
  role: v.nullish(v.string()),
  associated_workspace_invitations: v.fallback(
    v.nullish(v.array(v.object({ workspace_id: v.optional(v.union([v.number(), v.string()])), role: v.nullish(v.string()) }))),
    undefined,
  ),
});
export type CensusRecord = v.InferOutput<typeof record>;

const page = v.object({
  pagination: v.object({
    page: v.nullish(v.number()),
    next_page: v.nullish(v.number()),
  }),
  data: v.array(v.unknown()),
});

export interface CensusProviderOptions {
  /** Base of the API; requests go to `{baseUrl}/api/v1/invitations`. */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  /** Records per page, 1..100; default 100. */
  perPage?: number;
  /** The organisation the token belongs to, shown as the invitation's scope. */
  organization?: { id: string; name?: string };
  /**
   * Makes the user a member (the API itself has no accept). Throw a
   * `ProxyError` to report a per-ID failure; return a view to show it.
   */
  claim?(identity: Identity, record: CensusRecord): Promise<InvitationView | void> | InvitationView | void;
  fetch?: typeof fetch;
}

/** Guard against an upstream whose `next_page` never ends. */
const MAX_PAGES = 1000;
const SCOPE_PAGE_SIZE = 20;

export function censusProvider(options: CensusProviderOptions): InvitationProvider {
  const http = createHttpClient({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.token}` },
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  });
  const perPage = Math.min(100, Math.max(1, Math.trunc(options.perPage ?? 100)));
  const org = { id: options.organization?.id ?? 'organization', name: options.organization?.name };

  async function all(signal: AbortSignal): Promise<CensusRecord[]> {
    const out: CensusRecord[] = [];
    let current = 1;
    for (let n = 0; n < MAX_PAGES; n++) {
      const body = await http.request('GET', '/api/v1/invitations', {
        query: { page: current, per_page: perPage, order: 'desc' },
        signal,
      });
      const parsed = v.safeParse(page, body);
      if (!parsed.success) throw new UpstreamError('upstream_error', 'The invitations service sent a malformed answer.');
      for (const item of parsed.output.data) {
        const r = v.safeParse(record, item);
        if (r.success) out.push(r.output);
      }
      const next = parsed.output.pagination.next_page;
      if (next === null || next === undefined || next <= current) return out;
      current = next;
    }
    return out;
  }

  function toView(r: CensusRecord): ScopeInvitationView {
    // `message` is the inviter's own words; this API has none, and a made-up
    // English summary of the workspace invitations would not be localizable.
    const view: ScopeInvitationView = {
      id: r.id,
      kind: 'invitation',
      scope: { type: 'organization', id: org.id, name: org.name ?? org.id },
      createdAt: r.created_at ?? new Date(0).toISOString(),
      status: r.claimed_at ? 'accepted' : 'pending',
      canDecline: false,
    };
    if (r.role) view.role = r.role;
    return view;
  }

  const readsOf = new WeakMap<AbortSignal, Promise<CensusRecord[]>>();
  /** Per proxy request (its signal), which may ask about several IDs (reconcile, deep link): page through once. */
  const readOnce = (signal: AbortSignal): Promise<CensusRecord[]> => {
    let records = readsOf.get(signal);
    if (!records) {
      records = all(signal);
      records.catch(() => undefined);
      readsOf.set(signal, records);
    }
    return records;
  };
  /** The user's email addresses that are looked up: the sign-in one and each verified extra. */
  const emailsOf = (identity: Identity): Set<string> =>
    new Set(lookupAddresses(identity).filter((a) => a.type === 'email').map((a) => a.value.toLowerCase()));
  const addressOf = (r: CensusRecord): string => (normalizeEmail(r.email.trim()) ?? r.email).toLowerCase();

  const mine = (records: CensusRecord[], identity: Identity): CensusRecord[] => {
    const emails = emailsOf(identity);
    return records.filter((r) => !r.claimed_at && emails.has(addressOf(r)));
  };

  const ownView = (r: CensusRecord): ScopeInvitationView => ({ ...toView(r), sentTo: { type: 'email', value: addressOf(r) } });

  return {
    name: 'census',

    async listForUser(identity, { signal }) {
      return mine(await all(signal), identity).map(ownView);
    },

    async accept(identity, ids, { signal }) {
      const claim = options.claim;
      if (!claim) {
        return ids.map((id) => ({
          id,
          ok: false,
          error: { code: 'not_supported', message: 'This service cannot accept invitations here.' },
        }));
      }
      const byId = new Map(mine(await all(signal), identity).map((r) => [r.id, r]));
      const results: AcceptResult[] = [];
      for (const id of ids) {
        const r = byId.get(id);
        if (!r) {
          results.push({ id, ok: false, error: { code: 'not_found', message: 'No such invitation.' } });
          continue;
        }
        try {
          const claimed = await claim(identity, r);
          results.push({ id, ok: true, invitation: { ...(claimed ?? ownView(r)), id, status: 'accepted', canDecline: false } });
        } catch (err) {
          const error = err instanceof ProxyError
            ? { code: err.code, message: err.message }
            : { code: 'upstream_error', message: 'The invitation could not be claimed.' };
          results.push({ id, ok: false, error });
        }
      }
      return results;
    },

    async findAccepted(identity, id, { signal }) {
      const emails = emailsOf(identity);
      const r = (await readOnce(signal)).find((x) => x.id === id && !!x.claimed_at && emails.has(addressOf(x)));
      return r ? ownView(r) : null;
    },

    async recipientOf(id, { signal }) {
      const r = (await readOnce(signal)).find((x) => x.id === id);
      return r && r.email.includes('@') ? { type: 'email', value: addressOf(r) } : null;
    },

    async listScope(scopeType, scope, start, { signal }) {
      if (scopeType !== 'organization' || scope !== org.id) return { invitations: [], nextStart: null };
      const pending = (await all(signal)).filter((r) => !r.claimed_at);
      const slice = pending.slice(start, start + SCOPE_PAGE_SIZE);
      return {
        invitations: slice.map((r) => ({ ...toView(r), target: { type: 'email', value: r.email } })),
        nextStart: start + SCOPE_PAGE_SIZE < pending.length ? start + SCOPE_PAGE_SIZE : null,
      };
    },
  };
}
