/**
 * What each tag accepts and fires, framework-neutral: the per-framework typing
 * entries beside this file map it onto React's, Vue's and Svelte's template
 * types. Types only, and no framework import, so every entry can share it.
 */
import type {
  InviteInbox,
  InviteInboxEventMap,
  InvitePrompt,
  InvitePromptEventMap,
  InviteScopeAdmin,
  InviteScopeAdminEventMap,
} from '../elements/index.js';

/** Properties a template may set on `<invite-inbox>`. */
export type InviteInboxProps = Partial<
  Pick<
    InviteInbox,
    'endpoint' | 'locale' | 'credentials' | 'fetcher' | 'headers' | 'invitationId' | 'deepLink' | 'refreshAfter'
  >
>;

/** Properties a template may set on `<invite-prompt>`. */
export type InvitePromptProps = Partial<
  Pick<InvitePrompt, 'endpoint' | 'locale' | 'snoozeHours' | 'completeDelay' | 'returnFocus' | 'credentials' | 'fetcher' | 'headers'>
>;

/** Properties a template may set on `<invite-scope-admin>`. */
export type InviteScopeAdminProps = Partial<
  Pick<InviteScopeAdmin, 'endpoint' | 'scopeType' | 'scope' | 'locale' | 'credentials' | 'fetcher' | 'headers'>
>;

/** DOM events of `<invite-inbox>`, by name. */
export type InviteInboxEvents = InviteInboxEventMap;

/** DOM events of `<invite-prompt>`: its own, plus the inner inbox's (they are composed). */
export interface InvitePromptEvents extends InviteInboxEventMap, InvitePromptEventMap {}

/** DOM events of `<invite-scope-admin>`, by name. */
export type InviteScopeAdminEvents = InviteScopeAdminEventMap;

/** Each tag: its element class, the properties a template may set, the events it fires. */
export interface InviteTags {
  'invite-inbox': { element: InviteInbox; props: InviteInboxProps; events: InviteInboxEvents };
  'invite-prompt': { element: InvitePrompt; props: InvitePromptProps; events: InvitePromptEvents };
  'invite-scope-admin': { element: InviteScopeAdmin; props: InviteScopeAdminProps; events: InviteScopeAdminEvents };
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
