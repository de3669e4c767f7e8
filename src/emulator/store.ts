/**
 * The emulator's state and every rule of the upstream service, free of HTTP.
 * Each mutation checks and writes in memory synchronously, so two overlapping
 * requests can never both pass a check and then both write: the event loop
 * serialises them. Its promise settles once the change is durable; a change
 * that cannot be saved is undone in memory and the promise rejects.
 */
import { randomUUID } from 'node:crypto';
import { normalizePhone } from '../server/identity.js';
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

/** The records one mutation touched, whole and as they are after it: one line of the data file's log. */
export interface ChangeRecord {
  seq: number;
  invitations: StoredInvitation[];
  autojoin: AutojoinConfig[];
  census: CensusRecord[];
}

/**
 * A change made in memory and waiting to be saved. `record` refers to live
 * objects, so it must be serialised before the next mutation runs; `undo`
 * takes the change back if saving fails.
 */
export interface PendingChange {
  record: ChangeRecord;
  undo(): void;
}

/** Makes a change durable; resolves when it is, rejects (after `undo`) when it cannot be. */
export type Commit = (change: PendingChange) => Promise<void>;

type Kind = 'invitations' | 'autojoin' | 'census';
type Entity = StoredInvitation | AutojoinConfig | CensusRecord;

/** What one mutation touched, with each entity as it was before (undefined: it is new). */
interface Transaction {
  seq: number;
  touched: Map<Entity, { kind: Kind; before: Entity | undefined }>;
}

export interface CensusPage {
  records: CensusRecord[];
  total: number;
  lastPage: number;
}

/** Phone numbers compare by their digits: "+1 (555) 555-0142" is "+15555550142". */
// As the proxy does, so both compare the same digits; a value it cannot read stays as sent.
const normalisePhone = (value: string): string => normalizePhone(value) ?? value.trim();

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
  private tx: Transaction | undefined;

  constructor(
    state: EmulatorState,
    private readonly commit: Commit = async () => {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.replace(state);
  }

  /** Swap the whole state (reset, load); not a change to commit. */
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

  create(input: CreateInput, shortLinkBase: string): Promise<{ invitation: UpstreamInvitation; shortLink: string }> {
    return this.mutate(() => this.createNow(input, shortLinkBase));
  }

  private createNow(input: CreateInput, shortLinkBase: string): { invitation: UpstreamInvitation; shortLink: string } {
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
    this.insert('invitations', inv);
    return { invitation: this.present(inv), shortLink: `${shortLinkBase}/i/${id.slice(4)}` };
  }

  /**
   * Revoke: the invitation stays readable by ID but is no longer open. A
   * single-use invitation that was accepted is spent: revoking it would undo a
   * join the invitee was told about, so the service refuses.
   */
  revoke(id: string): Promise<void> {
    return this.mutate(() => {
      const inv = this.require(id);
      if (inv.deactivated) return;
      if (inv.invitationType === 'single_use' && inv.accepts.length > 0)
        throw new UpstreamError(409, 'already_accepted', `Invitation ${id} has already been accepted`);
      this.touch('invitations', inv);
      inv.deactivated = true;
      inv.modifiedAt = this.now().toISOString();
    });
  }

  reinvite(id: string): Promise<UpstreamInvitation> {
    return this.mutate(() => {
      const inv = this.require(id);
      if (inv.deactivated) throw new UpstreamError(409, 'deactivated', 'Invitation has been revoked');
      this.touch('invitations', inv);
      inv.deliveryCount += 1;
      if (inv.status === 'queued' || inv.status === 'sending') inv.status = 'sent';
      inv.modifiedAt = this.now().toISOString();
      return this.present(inv);
    });
  }

  /**
   * Accept a batch for one invitee, all or nothing: every ID is checked
   * before any is written, so a refused ID never leaves the others half done
   * and the error names the first refused ID. Single-use invitations can race:
   * the second accept gets 409, because check and write happen in one tick.
   * The same invitee accepting a multi-use/autojoin invitation twice gets 409
   * too (not idempotent), so a client learns it already counted.
   */
  accept(ids: string[], acceptor: UpstreamTarget[]): Promise<UpstreamInvitation[]> {
    return this.mutate(() => this.acceptNow(ids, acceptor));
  }

  private acceptNow(ids: string[], acceptor: UpstreamTarget[]): UpstreamInvitation[] {
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
      this.touch('invitations', inv);
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
  setAutojoin(scopeType: string, scope: string, domains: string[], scopeName?: string): Promise<ReturnType<InvitationStore['getAutojoin']>> {
    return this.mutate(() => this.setAutojoinNow(scopeType, scope, domains, scopeName));
  }

  private setAutojoinNow(scopeType: string, scope: string, domains: string[], scopeName?: string): ReturnType<InvitationStore['getAutojoin']> {
    const now = this.now().toISOString();
    const wanted = [...new Set(domains)];
    let config = this.findAutojoin(scopeType, scope);
    if (!config) {
      if (wanted.length === 0) return this.getAutojoin(scopeType, scope);
      const inv = this.autojoinInvitation(scopeType, scope, scopeName ?? scope, now);
      this.insert('invitations', inv);
      config = { scopeType, scope, domains: [], invitationId: inv.id };
      this.insert('autojoin', config);
    }
    this.touch('autojoin', config);
    const old = new Map(config.domains.map((d) => [d.domain, d.id]));
    config.domains = wanted.map((domain) => ({ id: old.get(domain) ?? `ajd_${++this.state.seq}`, domain }));
    const inv = this.byId.get(config.invitationId);
    if (inv) {
      this.touch('invitations', inv);
      inv.deactivated = wanted.length === 0;
      inv.modifiedAt = now;
      inv.configurationAttributes = { autojoinDomains: wanted };
      if (scopeName !== undefined) inv.groups = [{ type: scopeType, id: scope, name: scopeName }];
    }
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
  claimCensus(id: number, userId: number): Promise<CensusRecord> {
    return this.mutate(() => {
      const record = this.state.census.find((r) => r.id === id);
      if (!record) throw new UpstreamError(404, 'not_found', `Invitation ${id} not found`);
      if (record.claimed_at) throw new UpstreamError(409, 'already_claimed', `Invitation ${id} has already been claimed`);
      this.touch('census', record);
      record.claimed_at = this.now().toISOString();
      record.claimed_by_id = userId;
      return structuredClone(record);
    });
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
        this.touch('invitations', inv);
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

  /**
   * Runs one mutation: its checks and writes happen now, in one tick; the
   * returned promise waits for the commit. A mutation that throws, or whose
   * commit fails, leaves the state as it was.
   */
  private async mutate<T>(change: () => T): Promise<T> {
    const tx: Transaction = { seq: this.state.seq, touched: new Map() };
    this.tx = tx;
    let result: T;
    try {
      result = change();
    } catch (err) {
      this.undo(tx);
      throw err;
    } finally {
      this.tx = undefined;
    }
    if (tx.touched.size > 0) await this.commit({ record: this.record(tx), undo: () => this.undo(tx) });
    return result;
  }

  /** Call before changing an existing entity, so the change can be logged and undone. */
  private touch(kind: Kind, entity: Entity): void {
    if (!this.tx) throw new Error('emulator store: change outside a mutation');
    if (!this.tx.touched.has(entity)) this.tx.touched.set(entity, { kind, before: structuredClone(entity) });
  }

  private insert(kind: 'invitations', entity: StoredInvitation): void;
  private insert(kind: 'autojoin', entity: AutojoinConfig): void;
  private insert(kind: Kind, entity: Entity): void {
    if (!this.tx) throw new Error('emulator store: change outside a mutation');
    (this.state[kind] as Entity[]).push(entity);
    if (kind === 'invitations') this.byId.set((entity as StoredInvitation).id, entity as StoredInvitation);
    this.tx.touched.set(entity, { kind, before: undefined });
  }

  private record(tx: Transaction): ChangeRecord {
    const record: ChangeRecord = { seq: this.state.seq, invitations: [], autojoin: [], census: [] };
    for (const [entity, { kind }] of tx.touched) (record[kind] as Entity[]).push(entity);
    return record;
  }

  private undo(tx: Transaction): void {
    for (const [entity, { kind, before }] of [...tx.touched].reverse()) {
      if (before === undefined) {
        const list = this.state[kind] as Entity[];
        list.splice(list.indexOf(entity), 1);
        if (kind === 'invitations') this.byId.delete((entity as StoredInvitation).id);
      } else {
        // In place: the byId map and other references keep pointing at it.
        for (const key of Object.keys(entity)) delete (entity as unknown as Record<string, unknown>)[key];
        Object.assign(entity, before);
      }
    }
    this.state.seq = tx.seq;
  }
}
