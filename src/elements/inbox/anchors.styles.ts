import { css } from 'lit';

/** The deep-linked card and the notice about a link that cannot be followed here. */
export const anchorStyles = css`
  .card[data-deep-link] {
    outline: 2px solid var(--invite-color-accent, #4f46e5);
    outline-offset: 2px;
  }
  .notice {
    margin: 0 0 calc(var(--invite-space, 8px) * 1.5);
    padding: var(--invite-space, 8px) calc(var(--invite-space, 8px) * 1.5);
    border: 1px solid var(--invite-color-border, #d4d4d8);
    border-radius: var(--invite-radius, 8px);
    background: var(--invite-color-soft, #f4f4f5);
    color: var(--invite-color-text, #18181b);
  }
  .sent-to {
    overflow-wrap: anywhere;
  }
`;
