import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

export const styles = [
  tokens,
  css`
    :host {
      --_focus: var(--invite-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 45%, transparent));
      --_bar-room: calc(var(--_space) * 2.5 + 3em);
      display: block;
      color: var(--_text);
      font: var(--_font);
      container-type: inline-size;
    }
    * {
      box-sizing: border-box;
    }
    /* Display rules below must never reveal what the template hides. */
    [hidden] {
      display: none !important;
    }
    /* Programmatic landing spots after the last control went away; not in the tab order. */
    .root:focus,
    .list:focus {
      outline: none;
    }
    h2,
    h3,
    p,
    ul,
    blockquote {
      margin: 0;
      padding: 0;
    }
    .heading {
      font-size: 1.25em;
      margin-block-end: calc(var(--_space) * 0.75);
    }
    .list {
      list-style: none;
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 0.75);
    }
    .card {
      display: grid;
      grid-template-columns: auto auto 1fr;
      grid-template-areas: 'check avatar body' '. . actions';
      gap: calc(var(--_space) * 0.25) calc(var(--_space) * 0.75);
      padding: var(--_space);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      min-height: 7.5em;
      overflow-wrap: anywhere;
      /* Off-screen cards skip layout and paint until scrolled near; "auto" remembers their real height. */
      content-visibility: auto;
      contain-intrinsic-size: auto 9em;
      transition: border-color 0.2s, background-color 0.2s;
    }
    .card[data-state='autojoin'] {
      border-style: dashed;
      background: var(--_soft);
    }
    .card[data-state='joined'] {
      border-color: var(--_success);
    }
    .card[data-state='failed'] {
      border-color: var(--_danger);
    }
    .card[data-state='expired'] {
      color: var(--_muted);
    }
    .check,
    .bar input {
      display: block;
      grid-area: check;
      inline-size: 1.25em;
      block-size: 1.25em;
      margin: 0.6em 0 0;
      accent-color: var(--_accent);
    }
    .avatar {
      grid-area: avatar;
      display: grid;
      place-items: center;
      inline-size: 2.5em;
      block-size: 2.5em;
      border-radius: calc(var(--_radius) * 0.75);
      background: color-mix(in srgb, var(--_accent) 16%, var(--_surface));
      color: var(--_accent);
      font-weight: 700;
      overflow: hidden;
      position: relative;
    }
    .avatar img {
      position: absolute;
      inset: 0;
      inline-size: 100%;
      block-size: 100%;
      object-fit: cover;
    }
    .body {
      grid-area: body;
      min-inline-size: 0;
      display: grid;
      gap: 0.25em;
    }
    .top {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
    }
    .title {
      font-size: 1.05em;
      font-weight: 700;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      overflow: hidden;
    }
    .badge {
      font-size: 0.75em;
      font-weight: 600;
      padding: 0.1em 0.6em;
      border-radius: 99px;
      background: var(--_soft);
      border: 1px solid var(--_border);
    }
    [data-state='joined'] .badge {
      color: var(--_success);
      border-color: currentColor;
    }
    .who,
    .meta {
      color: var(--_muted);
    }
    .meta {
      font-size: 0.875em;
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.9em;
    }
    .message {
      border-inline-start: 3px solid var(--_border);
      padding-inline-start: 0.75em;
      font-style: italic;
      white-space: pre-line;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 4;
      overflow: hidden;
    }
    .message[data-open='true'] {
      display: block;
    }
    button.more {
      justify-self: start;
      min-block-size: 1.75em;
      padding: 0.1em 0.25em;
      margin-inline-start: -0.25em;
      border: 0;
      background: none;
      color: var(--_accent);
      text-decoration: underline;
      font-weight: 600;
    }
    .capped {
      margin-block-start: calc(var(--_space) * 0.75);
      color: var(--_muted);
      text-align: center;
    }
    .fail {
      color: var(--_danger);
      font-weight: 600;
    }
    .actions {
      grid-area: actions;
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0.5em;
    }
    button {
      font: inherit;
      font-weight: 600;
      min-block-size: 2.5em;
      padding: 0.4em 1.1em;
      border-radius: calc(var(--_radius) * 0.67);
      border: 1px solid var(--_border);
      background: var(--_surface);
      color: var(--_text);
      cursor: pointer;
      /* Cards allow breaks anywhere (hostile long names); a label wraps between words only. */
      overflow-wrap: normal;
    }
    /* A focused control never ends up under the sticky action bar (WCAG 2.4.11): focus
       scrolling keeps this much room below it. --_bar-room is the bar's height plus a gap. */
    .card :is(input, button) {
      scroll-margin-block: calc(var(--_space) * 0.75) var(--_bar-room);
    }
    .primary {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_on-accent);
    }
    button:disabled,
    button[aria-disabled='true'] {
      opacity: 0.55;
      cursor: not-allowed;
    }
    :focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
      box-shadow: var(--_focus);
    }
    .bar {
      inset-block-end: 0;
      z-index: 1;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5em var(--_space);
      margin-block-start: calc(var(--_space) * 0.75);
      padding: calc(var(--_space) * 0.75) var(--_space);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 -4px 16px rgb(0 0 0 / 0.08);
    }
    /* On a short viewport (landscape phones, 400 % zoom) a sticky bar would cover much of
       the screen: it then stays at the end of the list instead. */
    @media (min-height: 30em) {
      .bar {
        position: sticky;
      }
    }
    .bar label {
      display: flex;
      gap: 0.5em;
      align-items: center;
    }
    .bar input {
      margin: 0;
    }
    .panel {
      text-align: center;
      padding: calc(var(--_space) * 2) var(--_space);
      margin-block-end: calc(var(--_space) * 0.75);
      border: 1px dashed var(--_border);
      border-radius: var(--_radius);
      display: grid;
      gap: 0.5em;
      justify-items: center;
    }
    .panel strong {
      font-size: 1.1em;
    }
    .panel:focus {
      outline: none;
    }
    [role='alert'] {
      border-color: var(--_danger);
      border-style: solid;
    }
    .bar .inline-alert {
      flex: 1 0 100%;
      margin: 0;
    }
    .inline-alert {
      margin-block-start: calc(var(--_space) * 0.75);
      padding: 0.6em var(--_space);
      border: 1px solid var(--_danger);
      border-radius: var(--_radius);
      color: var(--_danger);
    }
    /* A fixed height, so a host can reserve it before the element is defined (README). */
    .skeleton {
      block-size: 10em;
    }
    .skeleton .avatar,
    .skeleton i {
      background: var(--_border);
      color: transparent;
      animation: pulse 1.4s ease-in-out infinite;
    }
    .skeleton i {
      display: block;
      block-size: 0.9em;
      border-radius: 4px;
      inline-size: 45%;
    }
    .skeleton i + i {
      inline-size: 80%;
    }
    .skeleton i:last-child {
      inline-size: 60%;
    }
    @keyframes pulse {
      50% {
        opacity: 0.45;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      * {
        animation: none !important;
        transition: none !important;
      }
    }
    .sr {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    @container (max-width: 420px) {
      .card {
        grid-template-areas: 'check avatar body' 'actions actions actions';
        padding: calc(var(--_space) * 0.75);
      }
      .actions button {
        flex: 1 1 auto;
      }
      .bar button {
        flex: 1 0 100%;
      }
      .root {
        --_bar-room: calc(var(--_space) * 2.5 + 5.5em);
      }
    }
    /* Forced colours flatten every button to ButtonFace/ButtonText: invert the primary one so
       "Join" and "Accept" still stand out from "Decline". */
    @media (forced-colors: active) {
      .primary {
        forced-color-adjust: none;
        background: ButtonText;
        border-color: ButtonText;
        color: ButtonFace;
      }
      .primary:disabled,
      .primary[aria-disabled='true'] {
        background: ButtonFace;
        border-color: GrayText;
        color: GrayText;
      }
      :focus-visible {
        outline-color: Highlight;
      }
    }
    /* The deep-linked card, and the notice about a link that cannot be followed here. */
    .card[data-deep-link] {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    .notice {
      margin: 0 0 calc(var(--_space) * 0.75);
      padding: calc(var(--_space) * 0.5) calc(var(--_space) * 0.75);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_soft);
      color: var(--_text);
    }
    .sent-to {
      overflow-wrap: anywhere;
    }
  `,
];
