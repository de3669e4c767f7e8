/**
 * Opt-in Vue template types: `import type {} from 'invite-inbox/vue'` (e.g. in
 * `env.d.ts`) and vue-tsc checks `<invite-inbox :endpoint="…" @invite-accepted="onAccepted">`,
 * with `onAccepted` receiving an `InviteAcceptedEvent`. The Vue compiler still has
 * to be told the tags are custom elements (`isCustomElement`, see README).
 * Only this entry imports Vue's types.
 */
import type { DefineComponent } from 'vue';
import type { CamelEventHandlers, InviteTags } from './tags.js';

type VueTags = {
  [T in keyof InviteTags]: DefineComponent<InviteTags[T]['props'] & CamelEventHandlers<InviteTags[T]['events']>>;
};

declare module 'vue' {
  interface GlobalComponents extends VueTags {}
}

export type * from './tags.js';
