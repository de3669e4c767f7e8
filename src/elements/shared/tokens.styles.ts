import { css } from 'lit';

/**
 * The theme every element shares, first in each one's `static styles`. Public
 * knobs are `--invite-*`; the private `--_*` copies carry the defaults, so a
 * host sets a colour once and all elements follow. `light-dark()` picks the
 * default for the element's colour scheme: the user's preference, or whatever
 * `color-scheme` the host forces on the element.
 */
export const tokens = css`
  :host {
    --_surface: var(--invite-color-surface, light-dark(#fff, #1b1e24));
    --_text: var(--invite-color-text, light-dark(#1b1f24, #eceef2));
    --_muted: var(--invite-color-muted, light-dark(#5b6472, #a3abb8));
    --_border: var(--invite-color-border, light-dark(#dde1e6, #343944));
    --_accent: var(--invite-color-accent, light-dark(#4f46e5, #8b85ff));
    --_on-accent: var(--invite-color-on-accent, light-dark(#fff, #12101f));
    --_soft: var(--invite-color-soft, light-dark(#f3f4f8, #252932));
    --_success: var(--invite-color-success, light-dark(#13795b, #4ccf9b));
    --_danger: var(--invite-color-danger, light-dark(#b42318, #ff8a80));
    --_radius: var(--invite-radius, 12px);
    --_space: var(--invite-space, 16px);
    --_font: var(--invite-font, 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color-scheme: light dark;
  }
  :host([hidden]) {
    display: none;
  }
`;
