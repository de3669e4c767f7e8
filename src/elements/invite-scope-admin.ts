import { InviteScopeAdmin } from './scope-admin/invite-scope-admin.js';
import { defineElement } from './shared/define.js';

export { InviteScopeAdmin };
export * from './scope-admin/events.js';

defineElement('invite-scope-admin', InviteScopeAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'invite-scope-admin': InviteScopeAdmin;
  }
}
