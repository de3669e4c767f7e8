/**
 * Opt-in Svelte 5 template types: `import type {} from 'invite-inbox/svelte'`
 * (e.g. in `src/app.d.ts`) and svelte-check checks
 * `<invite-inbox endpoint="…" oninvite-accepted={onAccepted}>`. Svelte 5 sets
 * known properties on custom elements and wires `on…` attributes to the DOM
 * event of the same name. Only this entry imports Svelte's types.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { InviteTags, LowercaseEventHandlers } from './tags.js';

type SvelteTags = {
  [T in keyof InviteTags]: HTMLAttributes<InviteTags[T]['element']> &
    InviteTags[T]['props'] &
    LowercaseEventHandlers<InviteTags[T]['events']>;
};

declare module 'svelte/elements' {
  interface SvelteHTMLElements extends SvelteTags {}
}

export type * from './tags.js';
