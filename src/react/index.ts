/**
 * React wrappers (`invite-inbox/react`). React 19 passes properties and
 * events to custom elements itself, but not typed and not in React 18;
 * `@lit/react` gives both, with events as `onInviteAccepted` etc.
 * Importing this module registers the elements.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { InviteInbox as InviteInboxElement } from '../elements/invite-inbox.js';
import { InvitePrompt as InvitePromptElement } from '../elements/invite-prompt.js';
import { InviteScopeAdmin as InviteScopeAdminElement } from '../elements/invite-scope-admin.js';
import type {
  InviteAcceptEvent,
  InviteAcceptedEvent,
  InviteDeclineEvent,
  InviteDismissEvent,
  InviteErrorEvent,
  InviteLoadEvent,
  InviteSelectEvent,
} from '../elements/inbox/events.js';
import type { InvitePromptCloseEvent, InvitePromptOpenEvent } from '../elements/prompt/events.js';
import type { InviteAdminErrorEvent, InviteAutojoinChangeEvent } from '../elements/scope-admin/events.js';

/** A DOM event name, checked against the elements' `HTMLElementEventMap`. */
const event = <K extends keyof HTMLElementEventMap>(name: K) =>
  name as unknown as EventName<HTMLElementEventMap[K]>;

const inboxEvents = {
  onInviteLoad: event('invite-load') satisfies EventName<InviteLoadEvent>,
  onInviteSelect: event('invite-select') satisfies EventName<InviteSelectEvent>,
  onInviteAccept: event('invite-accept') satisfies EventName<InviteAcceptEvent>,
  onInviteAccepted: event('invite-accepted') satisfies EventName<InviteAcceptedEvent>,
  onInviteDecline: event('invite-decline') satisfies EventName<InviteDeclineEvent>,
  onInviteDismiss: event('invite-dismiss') satisfies EventName<InviteDismissEvent>,
  onInviteError: event('invite-error') satisfies EventName<InviteErrorEvent>,
};

/** `<invite-inbox>`: the signed-in user's invitations and autojoin offers. */
export const InviteInbox = createComponent({
  react: React,
  tagName: 'invite-inbox',
  elementClass: InviteInboxElement,
  events: inboxEvents,
  displayName: 'InviteInbox',
});

/** `<invite-prompt>`: the inbox in a modal dialog, for right after sign-up. */
export const InvitePrompt = createComponent({
  react: React,
  tagName: 'invite-prompt',
  elementClass: InvitePromptElement,
  // The inner inbox's events are composed, so they reach the prompt too.
  events: {
    ...inboxEvents,
    onInvitePromptOpen: event('invite-prompt-open') satisfies EventName<InvitePromptOpenEvent>,
    onInvitePromptClose: event('invite-prompt-close') satisfies EventName<InvitePromptCloseEvent>,
  },
  displayName: 'InvitePrompt',
});

/** `<invite-scope-admin>`: pending invitations and autojoin domains of one scope. */
export const InviteScopeAdmin = createComponent({
  react: React,
  tagName: 'invite-scope-admin',
  elementClass: InviteScopeAdminElement,
  events: {
    onInviteAutojoinChange: event('invite-autojoin-change') satisfies EventName<InviteAutojoinChangeEvent>,
    onInviteAdminError: event('invite-admin-error') satisfies EventName<InviteAdminErrorEvent>,
  },
  displayName: 'InviteScopeAdmin',
});

export type {
  InviteAcceptEvent,
  InviteAdminErrorEvent,
  InviteAutojoinChangeEvent,
  InviteAcceptedEvent,
  InviteDeclineEvent,
  InviteDismissEvent,
  InviteErrorEvent,
  InviteLoadEvent,
  InvitePromptCloseEvent,
  InvitePromptOpenEvent,
  InviteSelectEvent,
};
