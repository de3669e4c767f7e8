/** Why the prompt closed: "Not now", everything handled, or the Escape key. */
export type InvitePromptCloseReason = 'dismissed' | 'completed' | 'escape';

const init = { bubbles: true, composed: true } as const;

/** The prompt found something to join and opened itself. */
export class InvitePromptOpenEvent extends Event {
  static readonly type = 'invite-prompt-open';
  constructor(readonly openCount: number) {
    super(InvitePromptOpenEvent.type, init);
  }
}

/** The prompt closed; `reason` tells the host why. */
export class InvitePromptCloseEvent extends Event {
  static readonly type = 'invite-prompt-close';
  constructor(readonly reason: InvitePromptCloseReason) {
    super(InvitePromptCloseEvent.type, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'invite-prompt-open': InvitePromptOpenEvent;
    'invite-prompt-close': InvitePromptCloseEvent;
  }
}
