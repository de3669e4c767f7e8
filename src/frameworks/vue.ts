/**
 * Opt-in Vue template types: `import type {} from 'invite-inbox/vue'` (e.g. in
 * `env.d.ts`) and vue-tsc checks `<invite-inbox :endpoint="…" @invite-accepted="onAccepted">`,
 * with `onAccepted` receiving an `InviteAcceptedEvent`. The Vue compiler still has
 * to be told the tags are custom elements (`isCustomElement`, see README).
 * Only this entry imports Vue's types.
 */
import type { DefineComponent } from 'vue';
import type {
  CamelEventHandlers,
  InviteInboxEvents,
  InviteInboxProps,
  InvitePromptEvents,
  InvitePromptProps,
  InviteScopeAdminEvents,
  InviteScopeAdminProps,
} from './tags.js';

declare module 'vue' {
  interface GlobalComponents {
    'invite-inbox': DefineComponent<InviteInboxProps & CamelEventHandlers<InviteInboxEvents>>;
    'invite-prompt': DefineComponent<InvitePromptProps & CamelEventHandlers<InvitePromptEvents>>;
    'invite-scope-admin': DefineComponent<InviteScopeAdminProps & CamelEventHandlers<InviteScopeAdminEvents>>;
  }
}

export type * from './tags.js';
