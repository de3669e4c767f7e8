/**
 * The size reference printed beside `dist/cdn/invite-inbox.js` by `npm run bench -- sizes`: every
 * library the inbox's script-tag file carries (Lit, its `repeat` directive, the parts of
 * @lit/localize the elements use) under a one-line element, built the same way. The difference
 * between the two rows is the inbox's own code.
 */
import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { _installMsgImplementation, msg } from '@lit/localize/init/install.js';
import { runtimeMsg } from '@lit/localize/internal/runtime-msg.js';
import { str } from '@lit/localize/internal/str-tag.js';
import { updateWhenLocaleChanges } from '@lit/localize/internal/localized-controller.js';
import type { MsgFn } from '@lit/localize/internal/types.js';

_installMsgImplementation(((template, options) => runtimeMsg(undefined, template, options)) as MsgFn);

class LibraryFloor extends LitElement {
  static override styles = css`:host { display: block; }`;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override render() {
    return html`<ul>${repeat(['a', 'b'], (x) => x, (x) => html`<li>${msg(str`Item ${x}`, { id: 'item' })}</li>`)}</ul>`;
  }
}

customElements.define('library-floor', LibraryFloor);
