/**
 * The one interface every upstream adapter implements. The proxy core
 * (identity, ownership checks, autojoin policy, validation, error mapping)
 * knows nothing about any vendor; adapters know nothing about HTTP requests
 * from the browser.
 */
import type {
  AcceptResult,
  AutojoinSettings,
  InvitationView,
  ScopeInvitationsPage,
} from '../shared/view-model.js';

/** Who is signed in, as the host's session says. Never taken from the browser. */
export interface Identity {
  userId: string;
  email: string;
  emailVerified: boolean;
}

export interface ProviderContext {
  /**
   * Aborted when the browser goes away or the request's one deadline
   * (`deadlineMs`) passes; every upstream call of the request shares it.
   */
  signal: AbortSignal;
}

export interface InvitationProvider {
  /** Short name for logs, e.g. "seed-api", "census", "in-process". */
  readonly name: string;

  /**
   * Everything addressed to this user (pending, expired, accepted-by-them),
   * plus autojoin offers for their email domain, normalised to views.
   * The core filters autojoin offers by policy; adapters return all they see.
   */
  listForUser(identity: Identity, ctx: ProviderContext): Promise<InvitationView[]>;

  /**
   * Accept IDs the core has already checked are the user's own pending ones.
   * One result per ID, in order; a failure of one never hides the others.
   */
  accept(identity: Identity, ids: string[], ctx: ProviderContext): Promise<AcceptResult[]>;

  /**
   * Optional: the invitation if this user has already accepted it, else null.
   * Lets an accept whose answer was lost (timeout, dropped connection) or that
   * is retried answer `ok: true`, since a landed accept drops out of the
   * user's open set. Absent → such IDs answer what the open set says.
   */
  findAccepted?(identity: Identity, id: string, ctx: ProviderContext): Promise<InvitationView | null>;

  /** Optional: decline one invitation. Absent → the route answers 501. */
  decline?(identity: Identity, id: string, ctx: ProviderContext): Promise<void>;

  /** Optional admin reads/writes; absent → 501. */
  listScope?(scopeType: string, scope: string, start: number, ctx: ProviderContext): Promise<ScopeInvitationsPage>;
  getAutojoin?(scopeType: string, scope: string, ctx: ProviderContext): Promise<AutojoinSettings>;
  setAutojoin?(scopeType: string, scope: string, domains: string[], ctx: ProviderContext): Promise<AutojoinSettings>;
}
