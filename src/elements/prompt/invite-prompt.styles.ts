import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

export const styles = [
  tokens,
  css`
    :host {
      --_backdrop: var(--invite-prompt-backdrop, rgb(15 18 30 / 55%));
      display: contents;
    }
    dialog {
      box-sizing: border-box;
      width: min(var(--invite-prompt-width, 36rem), calc(100vw - 2 * var(--_space)));
      max-height: calc(100dvh - 2 * var(--_space));
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 1.5);
      background: var(--_surface);
      color: var(--_text);
      font: var(--_font);
      box-shadow: 0 24px 64px rgb(0 0 0 / 25%);
      overflow: hidden;
    }
    /* Only the list scrolls: "Not now" stays in view, and the inbox's sticky
       accept bar meets the list's own edge instead of floating over the
       dialog's padding with cards showing through below it. */
    dialog[open] {
      display: flex;
      flex-direction: column;
    }
    invite-inbox {
      flex: 1 1 auto;
      min-height: 0;
      overflow: auto;
      overscroll-behavior: contain;
    }
    /* On a short viewport (landscape phone, 400 % zoom) the title, bar and "Not now" would
       leave no room for the list: the whole dialog scrolls instead, and the inbox's bar
       is no longer sticky. */
    @media (max-height: 30em) {
      dialog[open] {
        display: block;
        overflow: auto;
      }
      invite-inbox {
        overflow: visible;
      }
    }
    dialog::backdrop {
      background: var(--_backdrop);
    }
    .title {
      margin: 0 0 calc(var(--_space) * 0.25);
      font-size: 1.35em;
      line-height: 1.25;
    }
    .title:focus {
      /* Focused only programmatically on open (it is not in the tab order). */
      outline: none;
    }
    .description {
      margin: 0 0 var(--_space);
      color: var(--_muted);
    }
    .footer {
      flex: none;
      display: flex;
      justify-content: flex-end;
      margin-block-start: var(--_space);
    }
    .not-now {
      font: inherit;
      cursor: pointer;
      padding: 0.5em 1em;
      border-radius: var(--_radius);
      border: 1px solid var(--_border);
      background: transparent;
      color: var(--_text);
    }
    .not-now:hover {
      border-color: var(--_muted);
    }
    .not-now:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    @media (prefers-reduced-motion: no-preference) {
      dialog[open] {
        animation: rise 0.18s ease-out;
      }
    }
    @keyframes rise {
      from {
        opacity: 0;
        transform: translateY(8px);
      }
    }
  `,
];
