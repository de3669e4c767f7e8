/**
 * Opt-in JSX types for React 19's native custom-element support:
 * `import type {} from 'invite-inbox/react-jsx'` once, then
 * `<invite-inbox endpoint="/api/invitations" oninvite-accepted={(e) => e.accepted} />`
 * type-checks. React 19 sets known properties on the element and wires `on…`
 * props to the DOM event of the same name. Only this entry imports React's types.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
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

type ReactElementProps<E extends HTMLElement, Props, Events> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Props &
  LowercaseEventHandlers<Events> & {
    /** React 19 passes `class` to custom elements as-is. */
    class?: string;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'invite-inbox': ReactElementProps<InviteInbox, InviteInboxProps, InviteInboxEvents>;
      'invite-prompt': ReactElementProps<InvitePrompt, InvitePromptProps, InvitePromptEvents>;
      'invite-scope-admin': ReactElementProps<InviteScopeAdmin, InviteScopeAdminProps, InviteScopeAdminEvents>;
    }
  }
}

export type * from './tags.js';
