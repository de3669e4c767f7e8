/**
 * Types of `invite-inbox/bundle.iife`, the classic-script file. Loading it
 * registers the three tags (typed through `HTMLElementTagNameMap` and
 * `HTMLElementEventMap` by the element modules imported here) and sets the
 * global `InviteInbox` to the element entry's exports.
 */
import type * as InviteInboxModule from '../elements/index.js';

declare global {
  /** The element classes and event classes, as `window.InviteInbox.InviteAcceptedEvent` etc. */
  // `var`, not `let`/`const`: only a `var` declaration becomes a property of `window`.
  var InviteInbox: typeof InviteInboxModule;
}

export type * from '../elements/index.js';
export type * from './tags.js';
