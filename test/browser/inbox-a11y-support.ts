/** Geometry of focus for the accessibility tests: is the focused control really visible? */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

/** The focused element, through shadow roots. */
export function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** The composed-tree parent: across shadow boundaries and slots. */
const parentOf = (e: Element): Element | null =>
  e.assignedSlot ?? e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null);

/**
 * Why `e` is not fully visible, or '' when it is: it must lie inside the viewport
 * and inside every clipping ancestor, and not under a sticky action bar it is not part of.
 */
export function hiddenBy(e: Element): string {
  const r = e.getBoundingClientRect();
  const inside = (c: { top: number; bottom: number; left: number; right: number }) =>
    r.top >= c.top - 0.5 && r.bottom <= c.bottom + 0.5 && r.left >= c.left - 0.5 && r.right <= c.right + 0.5;
  if (!inside({ top: 0, left: 0, bottom: innerHeight, right: innerWidth })) return `outside the viewport (${r.top}–${r.bottom} of ${innerHeight})`;
  for (let a = parentOf(e); a; a = parentOf(a)) {
    const s = getComputedStyle(a);
    if (s.display !== 'contents' && s.overflow !== 'visible' && !inside(a.getBoundingClientRect())) return `clipped by <${a.localName} class="${a.className}">`;
  }
  for (const bar of barsAround(e)) {
    if (bar.contains(e) || getComputedStyle(bar).position !== 'sticky') continue;
    const b = bar.getBoundingClientRect();
    if (r.bottom > b.top + 0.5 && r.top < b.bottom - 0.5) return `under the action bar (${r.top}–${r.bottom} vs ${b.top}–${b.bottom})`;
  }
  return '';
}

/** The action bars of every inbox on the page, the one inside a prompt included. */
function barsAround(e: Element): Element[] {
  const root = e.getRootNode() as ShadowRoot | Document;
  const inboxes = [...document.querySelectorAll('invite-inbox'), ...document.querySelectorAll('invite-prompt')].flatMap((x) =>
    x.localName === 'invite-prompt' ? [...x.shadowRoot!.querySelectorAll('invite-inbox')] : [x],
  );
  return [...inboxes.flatMap((i) => [...i.shadowRoot!.querySelectorAll('.bar')]), ...(root instanceof ShadowRoot ? root.querySelectorAll('.bar') : [])];
}

/** Tabs through everything after `start`, checking each stop; returns the stops' descriptions. */
export async function tabThrough(until: () => boolean, onStop?: (e: Element) => Promise<void>, max = 40): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await sendKeys({ press: 'Tab' });
    const e = deepActive()!;
    const name = `${e.localName}[${e.getAttribute('aria-label') ?? e.textContent!.trim().slice(0, 30)}]`;
    stops.push(name);
    expect(hiddenBy(e), `focus stop ${i + 1}: ${name}`).to.equal('');
    await onStop?.(e);
    if (until()) break;
  }
  return stops;
}

