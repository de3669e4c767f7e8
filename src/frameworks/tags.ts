/**
 * What each tag accepts and fires, framework-neutral: the per-framework typing
 * entries beside this file map it onto React's, Vue's and Svelte's template
 * types. Types only, and no framework import, so every entry can share it.
 */
import type {
  InviteAcceptEvent,
  InviteAcceptedEvent,
  InviteAdminErrorEvent,
  InviteAutojoinChangeEvent,
  InviteDeclineEvent,
  InviteDismissEvent,
  InviteErrorEvent,
  InviteInbox,
  InviteLoadEvent,
  InvitePrompt,
  InvitePromptCloseEvent,
  InvitePromptOpenEvent,
  InviteScopeAdmin,
  InviteSelectEvent,
} from '../elements/index.js';

/** Properties a template may set on `<invite-inbox>`. */
export type InviteInboxProps = Partial<Pick<InviteInbox, 'endpoint' | 'locale' | 'credentials' | 'fetcher' | 'headers'>>;

/** Properties a template may set on `<invite-prompt>`. */
export type InvitePromptProps = Partial<
  Pick<InvitePrompt, 'endpoint' | 'locale' | 'snoozeHours' | 'completeDelay' | 'credentials' | 'fetcher' | 'headers'>
>;

/** Properties a template may set on `<invite-scope-admin>`. */
export type InviteScopeAdminProps = Partial<
  Pick<InviteScopeAdmin, 'endpoint' | 'scopeType' | 'scope' | 'locale' | 'credentials' | 'fetcher' | 'headers'>
>;

/** DOM events of `<invite-inbox>`, by name. */
export interface InviteInboxEvents {
  'invite-load': InviteLoadEvent;
  'invite-select': InviteSelectEvent;
  'invite-accept': InviteAcceptEvent;
  'invite-accepted': InviteAcceptedEvent;
  'invite-decline': InviteDeclineEvent;
  'invite-dismiss': InviteDismissEvent;
  'invite-error': InviteErrorEvent;
}

/** DOM events of `<invite-prompt>`: its own, plus the inner inbox's (they are composed). */
export interface InvitePromptEvents extends InviteInboxEvents {
  'invite-prompt-open': InvitePromptOpenEvent;
  'invite-prompt-close': InvitePromptCloseEvent;
}

/** DOM events of `<invite-scope-admin>`, by name. */
export interface InviteScopeAdminEvents {
  'invite-autojoin-change': InviteAutojoinChangeEvent;
  'invite-admin-error': InviteAdminErrorEvent;
}

/** `oninvite-accepted`-style handler attributes, as React 19 and Svelte 5 read them on custom elements. */
export type LowercaseEventHandlers<Events> = {
  [K in keyof Events & string as `on${K}`]?: (event: Events[K]) => void;
};

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** `onInviteAccepted`-style props: how Vue names the listener of `@invite-accepted`. */
export type CamelEventHandlers<Events> = {
  [K in keyof Events & string as `on${Capitalize<CamelCase<K>>}`]?: (event: Events[K]) => void;
};
