/**
 * The emulator's state and every rule of the upstream service, free of HTTP.
 * All mutations are synchronous, so two overlapping requests can never both
 * pass a check and then both write: the event loop serialises them.
 */
import { randomUUID } from 'node:crypto';
import type {
  AutojoinConfig,
  CensusRecord,
  EmulatorState,
  FormField,
  StoredInvitation,
  UpstreamGroup,
  UpstreamInvitation,
  UpstreamTarget,
} from './types.js';

export const ACCOUNT_ID = 'acc_emulator';
export const PROJECT_ID = 'proj_emulator';
export const DEPLOYMENT_ID = 'dep_emulator';
export const SCOPE_PAGE_SIZE = 20;

/** A refusal of the upstream service: becomes `{ error, code }` with `status`. */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CreateInput {
  widgetConfigurationId: string;
  target: { type: string; value: string };
  inviter: { userId: string; userEmail?: string; name?: string; avatarUrl?: string };
  groups: { type: string; groupId: string; name: string }[];
  source?: string;
  subtype?: string;
  metadata?: Record<string, unknown>;
  formSubmissionData?: Record<string, FormField>;
  invitationType?: 'single_use' | 'multi_use';
  expires?: string;
}

export interface CensusPage {
  records: CensusRecord[];
  total: number;
  lastPage: number;
}

/** Phone numbers compare by their digits: "+1 (555) 555-0142" is "+15555550142". */
const normalisePhone = (value: string): string => {
  const compact = value.trim().replace(/[\s().-]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
};

const normalise = (target: UpstreamTarget): UpstreamTarget => ({
  type: target.type,
  value:
    target.type === 'email'
      ? target.value.trim().toLowerCase()
      : target.type === 'phone'
        ? normalisePhone(target.value)
        : target.value.trim(),
});

const sameTarget = (a: UpstreamTarget, b: UpstreamTarget): boolean => {
  const x = normalise(a);
  const y = normalise(b);
  return x.type === y.type && x.value === y.value;
};

export const emailDomain = (email: string): string | null => {
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1).trim().toLowerCase() : null;
};

export class InvitationStore {
  private state!: EmulatorState;
  private byId = new Map<string, StoredInvitation>();

  constructor(
    state: EmulatorState,
    private readonly onChange: (state: EmulatorState) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.replace(state);
  }

  /** Swap the whole state (reset, load); does not call `onChange`. */
  replace(state: EmulatorState): void {
    this.state = structuredClone(state);
    this.byId = new Map(this.state.invitations.map((inv) => [inv.id, inv]));
  }

  snapshot(): EmulatorState {
    return structuredClone(this.state);
  }

  /** The wire form, with `expired` computed against the current time. */
  present(inv: StoredInvitation): UpstreamInvitation {
    const expired = inv.expires !== undefined && Date.parse(inv.expires) <= this.now().getTime();
    const { expires, metadata, passThrough, ...rest } = structuredClone(inv);
    // `expired` sits before `expires` as in the seed examples.
    return {
      ...rest,
      expired,
      ...(expires !== undefined ? { expires } : {}),
      metadata,
      passThrough,
    };
  }

  get(id: string): UpstreamInvitation {
    return this.present(this.require(id));
  }

  /**
   * Open invitations for one invitee. Expired ones are included (flagged) so a
   * client can say so; used-up, revoked and already-accepted-by-them are not.
   * For an email, the autojoin invitations of its domain are added.
   */
  lookup(target: UpstreamTarget): UpstreamInvitation[] {
    const found = this.state.invitations.filter(
      (inv) =>
        inv.invitationType !== 'autojoin' &&
        this.isOpen(inv) &&
        inv.target.some((t) => sameTarget(t, target)) &&
        !inv.accepts.some((a) => sameTarget(a.target, target)),
    );
    if (target.type === 'email') {
      const domain = emailDomain(target.value);
      for (const config of this.state.autojoin) {
        if (!domain || !config.domains.some((d) => d.domain === domain)) continue;
        const inv = this.byId.get(config.invitationId);
        if (inv && !inv.deactivated && !inv.accepts.some((a) => sameTarget(a.target, target))) found.push(inv);
      }
    }
    return this.newestFirst(found).map((inv) => this.present(inv));
  }

  /** Open direct invitations of a scope (autojoin has its own route), newest first. */
  listScope(scopeType: string, scope: string, offset: number): UpstreamInvitation[] {
    const all = this.state.invitations.filter(
      (inv) => inv.scopeType === scopeType && inv.scope === scope && inv.invitationType !== 'autojoin' && this.isOpen(inv),
    );
    return this.newestFirst(all)
      .slice(offset, offset + SCOPE_PAGE_SIZE)
      .map((inv) => this.present(inv));
  }

  create(input: CreateInput, shortLinkBase: string): { invitation: UpstreamInvitation; shortLink: string } {
    const group = input.groups[0]!;
    const now = this.now().toISOString();
    const id = `inv_${randomUUID()}`;
    const form: Record<string, FormField> = { ...input.formSubmissionData };
    if (input.target.type === 'email' && !form['email']) form['email'] = { type: 'email', value: input.target.value };
    const meta = input.metadata ?? {};
    const role = meta['role'];
    const message = meta['personalMessage'] ?? meta['message'];
    if (typeof role === 'string' && !form['role']) form['role'] = { type: 'select', value: role };
    if (typeof message === 'string' && !form['personalMessage'])
      form['personalMessage'] = { type: 'text', value: message };
    const inv: StoredInvitation = {
      id,
      accountId: ACCOUNT_ID,
      attributes: {},
      clickThroughs: 0,
      configurationAttributes: {},
      formSubmissionData: form,
      createdAt: now,
      deactivated: false,
      deliveryCount: input.target.type === 'email' || input.target.type === 'phone' ? 1 : 0,
      deliveryTypes: [input.target.type],
      foreignCreatorId: input.inviter.userId,
      ...(input.inviter.name !== undefined ? { creatorName: input.inviter.name } : {}),
      ...(input.inviter.avatarUrl !== undefined ? { creatorAvatarUrl: input.inviter.avatarUrl } : {}),
      invitationType: input.invitationType ?? (input.target.type === 'share' ? 'multi_use' : 'single_use'),
      modifiedAt: now,
      status: 'queued',
      target: [{ type: input.target.type, value: input.target.value }],
      views: 0,
      widgetConfigurationId: input.widgetConfigurationId,
      deploymentId: DEPLOYMENT_ID,
      projectId: PROJECT_ID,
      groups: input.groups.map((g): UpstreamGroup => ({ type: g.type, id: g.groupId, name: g.name })),
      accepts: [],
      scope: group.groupId,
      scopeType: group.type,
      source: input.source ?? input.target.type,
      subtype: input.subtype ?? null,
      ...(input.expires !== undefined ? { expires: new Date(input.expires).toISOString() } : {}),
      metadata: meta,
      passThrough: null,
    };
    this.state.invitations.push(inv);
    this.byId.set(id, inv);
    this.changed();
    return { invitation: this.present(inv), shortLink: `${shortLinkBase}/i/${id.slice(4)}` };
  }

  /**
   * Revoke: the invitation stays readable by ID but is no longer open. A
   * single-use invitation that was accepted is spent: revoking it would undo a
   * join the invitee was told about, so the service refuses.
   */
  revoke(id: string): void {
    const inv = this.require(id);
    if (inv.deactivated) return;
    if (inv.invitationType === 'single_use' && inv.accepts.length > 0)
      throw new UpstreamError(409, 'already_accepted', `Invitation ${id} has already been accepted`);
    inv.deactivated = true;
    inv.modifiedAt = this.now().toISOString();
    this.changed();
  }

  reinvite(id: string): UpstreamInvitation {
    const inv = this.require(id);
    if (inv.deactivated) throw new UpstreamError(409, 'deactivated', 'Invitation has been revoked');
    inv.deliveryCount += 1;
    if (inv.status === 'queued' || inv.status === 'sending') inv.status = 'sent';
    inv.modifiedAt = this.now().toISOString();
    this.changed();
    return this.present(inv);
  }

  /**
   * Accept a batch for one invitee, all or nothing: every ID is checked
   * before any is written, so a refused ID never leaves the others half done
   * and the error names the first refused ID. Single-use invitations can race:
   * the second accept gets 409, because check and write happen in one tick.
   * The same invitee accepting a multi-use/autojoin invitation twice gets 409
   * too (not idempotent), so a client learns it already counted.
   */
  accept(ids: string[], acceptor: UpstreamTarget[]): UpstreamInvitation[] {
    const unique = [...new Set(ids)];
    const plan = unique.map((id) => {
      const inv = this.byId.get(id);
      if (!inv) throw new UpstreamError(404, 'not_found', `Invitation ${id} not found`);
      if (inv.deactivated) throw new UpstreamError(404, 'deactivated', `Invitation ${id} has been revoked`);
      const who = this.matchAcceptor(inv, acceptor);
      if (!who) throw new UpstreamError(403, 'target_mismatch', `Invitation ${id} is not addressed to this user`);
      if (this.present(inv).expired) throw new UpstreamError(410, 'expired', `Invitation ${id} has expired`);
      if (inv.accepts.some((a) => sameTarget(a.target, who)))
        throw new UpstreamError(409, 'already_accepted', `Invitation ${id} was already accepted by this user`);
      if (inv.invitationType === 'single_use' && inv.accepts.length > 0)
        throw new UpstreamError(409, 'already_accepted', `Invitation ${id} has already been accepted`);
      if (inv.status === 'accepted_elsewhere')
        throw new UpstreamError(409, 'accepted_elsewhere', `Invitation ${id} was superseded by another accepted invitation`);
      return { inv, who };
    });
    const now = this.now().toISOString();
    for (const { inv, who } of plan) {
      inv.accepts.push({
        id: `acc_${++this.state.seq}`,
        status: 'accepted',
        accountId: inv.accountId,
        projectId: inv.projectId,
        acceptedAt: now,
        target: normalise(who),
      });
      inv.status = 'accepted';
      inv.modifiedAt = now;
      this.supersedeSiblings(inv, who, now);
    }
    this.changed();
    return plan.map(({ inv }) => this.present(inv));
  }

  getAutojoin(scopeType: string, scope: string): { autojoinDomains: { id: string; domain: string }[]; invitation: UpstreamInvitation | null } {
    const config = this.findAutojoin(scopeType, scope);
    const inv = config && config.domains.length > 0 ? this.byId.get(config.invitationId) : undefined;
    return {
      autojoinDomains: config ? structuredClone(config.domains) : [],
      invitation: inv ? this.present(inv) : null,
    };
  }

  /**
   * Replace a scope's domain list; an empty list switches autojoin off. The
   * scope keeps one autojoin invitation across off/on so its accepts survive;
   * kept domains keep their IDs.
   */
  setAutojoin(scopeType: string, scope: string, domains: string[], scopeName?: string): ReturnType<InvitationStore['getAutojoin']> {
    const now = this.now().toISOString();
    const wanted = [...new Set(domains)];
    let config = this.findAutojoin(scopeType, scope);
    if (!config) {
      if (wanted.length === 0) return this.getAutojoin(scopeType, scope);
      const inv = this.autojoinInvitation(scopeType, scope, scopeName ?? scope, now);
      this.state.invitations.push(inv);
      this.byId.set(inv.id, inv);
      config = { scopeType, scope, domains: [], invitationId: inv.id };
      this.state.autojoin.push(config);
    }
    const old = new Map(config.domains.map((d) => [d.domain, d.id]));
    config.domains = wanted.map((domain) => ({ id: old.get(domain) ?? `ajd_${++this.state.seq}`, domain }));
    const inv = this.byId.get(config.invitationId);
    if (inv) {
      inv.deactivated = wanted.length === 0;
      inv.modifiedAt = now;
      inv.configurationAttributes = { autojoinDomains: wanted };
      if (scopeName !== undefined) inv.groups = [{ type: scopeType, id: scope, name: scopeName }];
    }
    this.changed();
    return this.getAutojoin(scopeType, scope);
  }

  /** Census: one page in creation order. */
  listCensus(page: number, perPage: number, order: 'asc' | 'desc'): CensusPage {
    const sorted = [...this.state.census].sort(
      (a, b) => (Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id) * (order === 'asc' ? 1 : -1),
    );
    const total = sorted.length;
    return {
      records: structuredClone(sorted.slice((page - 1) * perPage, page * perPage)),
      total,
      lastPage: Math.max(1, Math.ceil(total / perPage)),
    };
  }

  /** Census: mark a record claimed (the real service does this when the invitee signs up). */
  claimCensus(id: number, userId: number): CensusRecord {
    const record = this.state.census.find((r) => r.id === id);
    if (!record) throw new UpstreamError(404, 'not_found', `Invitation ${id} not found`);
    if (record.claimed_at) throw new UpstreamError(409, 'already_claimed', `Invitation ${id} has already been claimed`);
    record.claimed_at = this.now().toISOString();
    record.claimed_by_id = userId;
    this.changed();
    return structuredClone(record);
  }

  private require(id: string): StoredInvitation {
    const inv = this.byId.get(id);
    if (!inv) throw new UpstreamError(404, 'not_found', `Invitation ${id} not found`);
    return inv;
  }

  private isOpen(inv: StoredInvitation): boolean {
    return (
      !inv.deactivated &&
      inv.status !== 'accepted_elsewhere' &&
      !(inv.invitationType === 'single_use' && inv.accepts.length > 0)
    );
  }

  /** Which of the acceptor's identities this invitation is for, if any. */
  private matchAcceptor(inv: StoredInvitation, acceptor: UpstreamTarget[]): UpstreamTarget | undefined {
    if (inv.invitationType === 'autojoin') {
      const config = this.state.autojoin.find((c) => c.invitationId === inv.id);
      return acceptor.find((a) => {
        const domain = a.type === 'email' ? emailDomain(a.value) : null;
        return domain !== null && !!config?.domains.some((d) => d.domain === domain);
      });
    }
    // A share link is addressed to whoever holds it.
    if (inv.target.some((t) => t.type === 'share')) return acceptor[0];
    return acceptor.find((a) => inv.target.some((t) => sameTarget(t, a)));
  }

  /** Joining a scope one way makes the invitee's other pending single-use invitations to it moot. */
  private supersedeSiblings(accepted: StoredInvitation, who: UpstreamTarget, now: string): void {
    for (const inv of this.state.invitations) {
      if (
        inv !== accepted &&
        inv.invitationType === 'single_use' &&
        inv.scope === accepted.scope &&
        inv.scopeType === accepted.scopeType &&
        inv.accepts.length === 0 &&
        !inv.deactivated &&
        inv.target.some((t) => sameTarget(t, who))
      ) {
        inv.status = 'accepted_elsewhere';
        inv.modifiedAt = now;
      }
    }
  }

  private findAutojoin(scopeType: string, scope: string): AutojoinConfig | undefined {
    return this.state.autojoin.find((c) => c.scopeType === scopeType && c.scope === scope);
  }

  private autojoinInvitation(scopeType: string, scope: string, name: string, now: string): StoredInvitation {
    return {
      id: `inv_${randomUUID()}`,
      accountId: ACCOUNT_ID,
      attributes: {},
      clickThroughs: 0,
      configurationAttributes: {},
      formSubmissionData: {},
      createdAt: now,
      deactivated: false,
      deliveryCount: 0,
      deliveryTypes: [],
      foreignCreatorId: '',
      invitationType: 'autojoin',
      modifiedAt: now,
      status: 'delivered',
      target: [],
      views: 0,
      widgetConfigurationId: 'wc_autojoin',
      deploymentId: DEPLOYMENT_ID,
      projectId: PROJECT_ID,
      groups: [{ type: scopeType, id: scope, name }],
      accepts: [],
      scope,
      scopeType,
      source: 'autojoin',
      subtype: null,
      metadata: {},
      passThrough: null,
    };
  }

  private newestFirst(list: StoredInvitation[]): StoredInvitation[] {
    return [...list].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.id.localeCompare(b.id));
  }

  private changed(): void {
    this.onChange(this.state);
  }
}
