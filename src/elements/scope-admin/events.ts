import { EVENT_INIT } from '../shared/events.js';


/** The scope's autojoin domain list was saved; `domains` is the list now in effect. */
export class InviteAutojoinChangeEvent extends Event {
  static readonly type = 'invite-autojoin-change';
  constructor(
    readonly scopeType: string,
    readonly scope: string,
    readonly domains: string[],
  ) {
    super(InviteAutojoinChangeEvent.type, EVENT_INIT);
  }
}

export type InviteAdminErrorPhase = 'invitations' | 'autojoin-load' | 'autojoin-save';

/** An admin request failed. `status` is absent when no response arrived. */
export class InviteAdminErrorEvent extends Event {
  static readonly type = 'invite-admin-error';
  constructor(
    readonly phase: InviteAdminErrorPhase,
    readonly code: string,
    readonly message: string,
    readonly status?: number,
  ) {
    super(InviteAdminErrorEvent.type, EVENT_INIT);
  }
}

/** The events of `<invite-scope-admin>`'s own, by name (the framework typing entries build on it). */
export interface InviteScopeAdminEventMap {
    'invite-autojoin-change': InviteAutojoinChangeEvent;
    'invite-admin-error': InviteAdminErrorEvent;
}

declare global {
  interface HTMLElementEventMap extends InviteScopeAdminEventMap {}
}
