/**
 * Opt-in JSX types for React 19's native custom-element support:
 * `import type {} from 'invite-inbox/react-jsx'` once, then
 * `<invite-inbox endpoint="/api/invitations" oninvite-accepted={(e) => e.accepted} />`
 * type-checks. React 19 sets known properties on the element and wires `on…`
 * props to the DOM event of the same name. Only this entry imports React's types.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { InviteTags, LowercaseEventHandlers } from './tags.js';

type ReactTags = {
  [T in keyof InviteTags]: DetailedHTMLProps<HTMLAttributes<InviteTags[T]['element']>, InviteTags[T]['element']> &
    InviteTags[T]['props'] &
    LowercaseEventHandlers<InviteTags[T]['events']> & {
      /** React 19 passes `class` to custom elements as-is. */
      class?: string;
    };
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends ReactTags {}
  }
}

export type * from './tags.js';
