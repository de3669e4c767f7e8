/**
 * The one interface every upstream adapter implements. The proxy core
 * (identity, ownership checks, autojoin policy, validation, error mapping)
 * knows nothing about any vendor; adapters know nothing about HTTP requests
 * from the browser.
 */
import type {
  AcceptResult,
  AddressType,
  AutojoinSettings,
  InvitationView,
  ScopeInvitationsPage,
  SentTo,
} from '../shared/view-model.js';

/** One of the user's addresses, as the host's session says. */
export interface Address {
  type: AddressType;
  /** Email: `local@domain`, domain normalised. Phone: `+` and digits. */
  value: string;
  /** Only `true` counts: unverified addresses are never looked up. */
  verified: boolean;
}

/** Who is signed in, as the host's session says. Never taken from the browser. */
export interface Identity {
  userId: string;
  /** The sign-in email; always looked up, offers need `emailVerified`. */
  email: string;
  emailVerified: boolean;
  /** Further addresses (a work email, a phone); the verified ones are looked up too. */
  addresses?: Address[];
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
   * `sentTo` holds the address each ID was sent to (from the view's `sentTo`):
   * accept as that address.
   */
  accept(identity: Identity, ids: string[], ctx: ProviderContext, sentTo?: ReadonlyMap<string, SentTo>): Promise<AcceptResult[]>;

  /**
   * Optional: who an invitation that is not this user's was sent to, for the
   * deep-link answer (the core shows it masked only); null when unknown,
   * revoked or addressed to no email or phone.
   */
  recipientOf?(id: string, ctx: ProviderContext): Promise<SentTo | null>;

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
