import { EVENT_INIT } from '../shared/events.js';
import type { AcceptResult, InvitationView } from '../../shared/view-model.js';
import type { SyncMessage } from '../shared/live-sync.js';

/** The list arrived (after every load and reload). */
export class InviteLoadEvent extends Event {
  static readonly type = 'invite-load';
  constructor(readonly invitations: InvitationView[]) {
    super(InviteLoadEvent.type, EVENT_INIT);
  }
}

/** The set of checked cards changed. */
export class InviteSelectEvent extends Event {
  static readonly type = 'invite-select';
  constructor(readonly selectedIds: string[]) {
    super(InviteSelectEvent.type, EVENT_INIT);
  }
}

/**
 * Fired once before accepting, however many requests that takes. `preventDefault()` vetoes it; `waitUntil(p)`
 * lets the host ask the user first — a promise resolving to `false` (or
 * rejecting) vetoes, anything else confirms.
 */
export class InviteAcceptEvent extends Event {
  static readonly type = 'invite-accept';
  /** @internal */
  confirmation?: Promise<unknown>;
  constructor(
    readonly ids: string[],
    readonly invitations: InvitationView[],
  ) {
    super(InviteAcceptEvent.type, { ...EVENT_INIT, cancelable: true });
  }
  waitUntil(p: Promise<unknown>): void {
    this.confirmation = p;
  }
}

/**
 * Accepting answered: which joined, which failed and why. Once per accept, also when the
 * IDs went in several requests, or a failure stopped them part-way (IDs never sent are in neither).
 */
export class InviteAcceptedEvent extends Event {
  static readonly type = 'invite-accepted';
  constructor(
    readonly accepted: InvitationView[],
    readonly failed: AcceptResult[],
  ) {
    super(InviteAcceptedEvent.type, EVENT_INIT);
  }
}

/** An invitation was declined upstream. */
export class InviteDeclineEvent extends Event {
  static readonly type = 'invite-decline';
  constructor(readonly invitation: InvitationView) {
    super(InviteDeclineEvent.type, EVENT_INIT);
  }
}

/**
 * An autojoin offer was hidden ("Not interested"). The element remembers it
 * in localStorage; hosts that keep preferences server-side store it too.
 */
export class InviteDismissEvent extends Event {
  static readonly type = 'invite-dismiss';
  constructor(readonly invitation: InvitationView) {
    super(InviteDismissEvent.type, EVENT_INIT);
  }
}

export type InviteErrorPhase = 'load' | 'accept' | 'decline';

/** A request failed. `status` is absent when no response arrived (`code: 'network'`). */
export class InviteErrorEvent extends Event {
  static readonly type = 'invite-error';
  constructor(
    readonly phase: InviteErrorPhase,
    readonly code: string,
    readonly message: string,
    readonly status?: number,
  ) {
    super(InviteErrorEvent.type, EVENT_INIT);
  }
}

/**
 * Another tab of the same user accepted, declined or hid items, and this list
 * followed; a surrounding `<invite-prompt>` closes when nothing is left here either.
 */
export class InviteSyncEvent extends Event {
  static readonly type = 'invite-sync';
  constructor(
    readonly action: SyncMessage['action'],
    readonly ids: string[],
  ) {
    super(InviteSyncEvent.type, EVENT_INIT);
  }
}

/** The events of `<invite-inbox>`, by name (the framework typing entries build on it). */
export interface InviteInboxEventMap {
    'invite-load': InviteLoadEvent;
    'invite-select': InviteSelectEvent;
    'invite-accept': InviteAcceptEvent;
    'invite-accepted': InviteAcceptedEvent;
    'invite-decline': InviteDeclineEvent;
    'invite-dismiss': InviteDismissEvent;
    'invite-error': InviteErrorEvent;
    'invite-sync': InviteSyncEvent;
}

declare global {
  interface HTMLElementEventMap extends InviteInboxEventMap {}
}
