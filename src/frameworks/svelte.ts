/**
 * Opt-in Svelte 5 template types: `import type {} from 'invite-inbox/svelte'`
 * (e.g. in `src/app.d.ts`) and svelte-check checks
 * `<invite-inbox endpoint="…" oninvite-accepted={onAccepted}>`. Svelte 5 sets
 * known properties on custom elements and wires `on…` attributes to the DOM
 * event of the same name. Only this entry imports Svelte's types.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { InviteInbox, InvitePrompt, InviteScopeAdmin } from '../elements/index.js';
import type {
  InviteInboxEvents,
  InviteInboxProps,
  InvitePromptEvents,
  InvitePromptProps,
  InviteScopeAdminEvents,
  InviteScopeAdminProps,
  LowercaseEventHandlers,
} from './tags.js';

type SvelteElementProps<E extends HTMLElement, Props, Events> = HTMLAttributes<E> & Props & LowercaseEventHandlers<Events>;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'invite-inbox': SvelteElementProps<InviteInbox, InviteInboxProps, InviteInboxEvents>;
    'invite-prompt': SvelteElementProps<InvitePrompt, InvitePromptProps, InvitePromptEvents>;
    'invite-scope-admin': SvelteElementProps<InviteScopeAdmin, InviteScopeAdminProps, InviteScopeAdminEvents>;
  }
}

export type * from './tags.js';
