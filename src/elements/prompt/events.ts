import { EVENT_INIT } from '../shared/events.js';

/** Why the prompt closed: "Not now", everything handled, or the Escape key. */
export type InvitePromptCloseReason = 'dismissed' | 'completed' | 'escape';

/** The prompt found something to join and opened itself. */
export class InvitePromptOpenEvent extends Event {
  static readonly type = 'invite-prompt-open';
  constructor(readonly openCount: number) {
    super(InvitePromptOpenEvent.type, EVENT_INIT);
  }
}

/** The prompt closed; `reason` tells the host why. */
export class InvitePromptCloseEvent extends Event {
  static readonly type = 'invite-prompt-close';
  constructor(readonly reason: InvitePromptCloseReason) {
    super(InvitePromptCloseEvent.type, EVENT_INIT);
  }
}

/** The events of `<invite-prompt>`'s own, by name (the framework typing entries build on it). */
export interface InvitePromptEventMap {
    'invite-prompt-open': InvitePromptOpenEvent;
    'invite-prompt-close': InvitePromptCloseEvent;
}

declare global {
  interface HTMLElementEventMap extends InvitePromptEventMap {}
}
