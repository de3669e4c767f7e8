import './invite-inbox.js';
import { InvitePrompt } from './prompt/invite-prompt.js';
import { defineElement } from './shared/define.js';

export { InvitePrompt };
export * from './prompt/events.js';

defineElement('invite-prompt', InvitePrompt);

declare global {
  interface HTMLElementTagNameMap {
    'invite-prompt': InvitePrompt;
  }
}
