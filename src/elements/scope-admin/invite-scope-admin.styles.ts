import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      color: var(--_text);
      font: var(--_font);
      container-type: inline-size;
    }
    /* On a phone the invitee, expiry and status matter most. */
    @container (max-width: 34rem) {
      .wide {
        display: none;
      }
    }
    * {
      box-sizing: border-box;
    }
    section + section {
      margin-block-start: calc(var(--_space) * 1.75);
    }
    h3 {
      margin: 0 0 calc(var(--_space) * 0.25);
      font-size: 1.1em;
    }
    .hint {
      margin: 0 0 calc(var(--_space) * 0.75);
      color: var(--_muted);
    }
    .table-wrap {
      overflow-x: auto;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      text-align: start;
      padding: calc(var(--_space) * 0.6) calc(var(--_space) * 0.75);
      border-block-end: 1px solid var(--_border);
      vertical-align: top;
    }
    @container (max-width: 34rem) {
      table {
        font-size: 0.92em;
      }
      th,
      td {
        padding-inline: calc(var(--_space) * 0.5);
      }
    }
    tbody tr:last-child td {
      border-block-end: 0;
    }
    th {
      font-size: 0.85em;
      font-weight: 600;
      color: var(--_muted);
      background: var(--_soft);
    }
    td.invitee {
      /* Addresses wrap before their "@"; only a part too long for any line breaks mid-word. */
      overflow-wrap: break-word;
      font-weight: 500;
    }
    .badge {
      display: inline-block;
      padding: 0.1em 0.6em;
      border-radius: 999px;
      font-size: 0.8em;
      font-weight: 600;
      background: var(--_soft);
      color: var(--_text);
      white-space: nowrap;
    }
    .badge[data-status='expired'] {
      color: var(--_danger);
    }
    .badge[data-status='accepted'] {
      color: var(--_success);
    }
    .empty {
      padding: var(--_space);
      color: var(--_muted);
      border: 1px dashed var(--_border);
      border-radius: var(--_radius);
    }
    .more {
      margin-block-start: calc(var(--_space) * 0.75);
    }
    button {
      font: inherit;
      cursor: pointer;
      padding: 0.45em 0.9em;
      border-radius: calc(var(--_radius) * 0.75);
      border: 1px solid var(--_border);
      background: transparent;
      color: var(--_text);
    }
    button.primary {
      border-color: var(--_accent);
      background: var(--_accent);
      color: var(--_on-accent);
      font-weight: 600;
    }
    button[aria-disabled='true'] {
      opacity: 0.6;
      cursor: progress;
    }
    button:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    .domains {
      list-style: none;
      margin: 0 0 var(--_space);
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) * 0.5);
    }
    .domain {
      display: inline-flex;
      align-items: center;
      gap: 0.5em;
      padding: 0.25em 0.3em 0.25em 0.8em;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_surface);
    }
    .domain button {
      padding: 0.15em 0.6em;
      border-radius: 999px;
      font-size: 0.85em;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: calc(var(--_space) * 0.5);
    }
    label {
      display: grid;
      gap: 0.25em;
      font-weight: 500;
      flex: 1 1 14em;
    }
    input {
      font: inherit;
      color: var(--_text);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.75);
      padding: 0.45em 0.7em;
      min-width: 0;
    }
    input[aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .field-error,
    .alert {
      color: var(--_danger);
      margin: calc(var(--_space) * 0.4) 0 0;
    }
    .alert {
      padding: var(--_space);
      border: 1px solid var(--_danger);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .status {
      margin: calc(var(--_space) * 0.4) 0 0;
      color: var(--_success);
      min-height: 1.45em;
    }
    .sr {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
];
