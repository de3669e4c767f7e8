/**
 * Provider for hosts that keep invitations in their own database: a thin
 * adapter over host callbacks. What they return is sanitised by the proxy core
 * like any other provider's output.
 */
import type {
  AcceptResult,
  AutojoinSettings,
  InvitationView,
  ScopeInvitationsPage,
  SentTo,
} from '../../shared/view-model.js';
import { ProxyError } from '../errors.js';
import type { Identity, InvitationProvider, ProviderContext } from '../provider.js';

export interface InProcessProviderOptions {
  name?: string;
  /**
   * Everything addressed to the user (`identity.email` and each verified entry
   * of `identity.addresses`), plus autojoin offers for their domains; set
   * `sentTo` on each to the address it was found for.
   */
  list(identity: Identity, ctx: ProviderContext): Promise<InvitationView[]> | InvitationView[];
  /**
   * Accept one invitation, as `sentTo` (the listed view's `sentTo`) when given.
   * Throw a `ProxyError` (e.g. 409 `conflict`) for a per-ID failure; return the
   * accepted view, or nothing.
   */
  accept(identity: Identity, id: string, ctx: ProviderContext, sentTo?: SentTo): Promise<InvitationView | void> | InvitationView | void;
  /** Who an invitation was sent to, for the deep-link answer on someone else's ID (shown masked). */
  recipientOf?(id: string, ctx: ProviderContext): Promise<SentTo | null> | SentTo | null;
  /** The invitation if this user has already accepted it, else null: makes retried accepts answer ok. */
  findAccepted?(identity: Identity, id: string, ctx: ProviderContext): Promise<InvitationView | null> | InvitationView | null;
  decline?(identity: Identity, id: string, ctx: ProviderContext): Promise<void> | void;
  listScope?(scopeType: string, scope: string, start: number, ctx: ProviderContext): Promise<ScopeInvitationsPage> | ScopeInvitationsPage;
  getAutojoin?(scopeType: string, scope: string, ctx: ProviderContext): Promise<AutojoinSettings> | AutojoinSettings;
  setAutojoin?(scopeType: string, scope: string, domains: string[], ctx: ProviderContext): Promise<AutojoinSettings> | AutojoinSettings;
}

export function inProcessProvider(options: InProcessProviderOptions): InvitationProvider {
  const provider: InvitationProvider = {
    name: options.name ?? 'in-process',
    async listForUser(identity, ctx) {
      return options.list(identity, ctx);
    },
    async accept(identity, ids, ctx, sentTo) {
      const results: AcceptResult[] = [];
      // Sequential: host databases usually want one transaction at a time per user.
      for (const id of ids) {
        // Past the request's deadline nothing more is started.
        if (ctx.signal.aborted) {
          results.push({ id, ok: false, error: { code: 'upstream_timeout', message: 'There was no time left to accept this invitation.' } });
          continue;
        }
        try {
          const view = await options.accept(identity, id, ctx, sentTo?.get(id));
          const result: AcceptResult = { id, ok: true };
          if (view) result.invitation = { ...view, id, status: 'accepted', canDecline: false };
          results.push(result);
        } catch (err) {
          if (err instanceof ProxyError) results.push({ id, ok: false, error: { code: err.code, message: err.message } });
          else throw err;
        }
      }
      return results;
    },
  };
  const { findAccepted, recipientOf, decline, listScope, getAutojoin, setAutojoin } = options;
  if (recipientOf) provider.recipientOf = async (id, ctx) => recipientOf(id, ctx);
  if (findAccepted) {
    provider.findAccepted = async (identity, id, ctx) => {
      const view = await findAccepted(identity, id, ctx);
      return view ? { ...view, id, status: 'accepted', canDecline: false } : null;
    };
  }
  if (decline) provider.decline = async (identity, id, ctx) => decline(identity, id, ctx);
  if (listScope) provider.listScope = async (t, s, start, ctx) => listScope(t, s, start, ctx);
  if (getAutojoin) provider.getAutojoin = async (t, s, ctx) => getAutojoin(t, s, ctx);
  if (setAutojoin) provider.setAutojoin = async (t, s, d, ctx) => setAutojoin(t, s, d, ctx);
  return provider;
}
