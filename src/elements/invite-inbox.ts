import { defineElement } from './shared/define.js';
import { InviteInbox } from './inbox/invite-inbox.js';

export { InviteInbox };
export * from './inbox/events.js';

defineElement('invite-inbox', InviteInbox);

declare global {
  interface HTMLElementTagNameMap {
    'invite-inbox': InviteInbox;
  }
}
