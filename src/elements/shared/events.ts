/** Every event of the elements bubbles and crosses shadow roots, so one listener on `document` sees it. */
export const EVENT_INIT = { bubbles: true, composed: true } as const;
