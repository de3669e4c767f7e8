/**
 * Runs in the benchmark page (plain JS, so no transpiler helpers leak into it).
 * The element is mounted and waiting on a held response; the clock starts when
 * the data is handed over and stops once every card is in the shadow DOM and a
 * forced layout has run.
 *
 * Cards use `content-visibility: auto`, so a forced layout sizes off-screen
 * cards from their intrinsic size and leaves their insides for when they
 * scroll into view. `screen` therefore also forces the layout of the inside of
 * every card in the viewport (what the first frame shows). `all` is measured in
 * a separate render with content-visibility switched off, so every card is
 * laid out in full: the cost without that help.
 */
const DAY = 86_400_000;

function invitations(count) {
  return Array.from({ length: count }, (_, i) => ({
    id: `inv-${i}`,
    kind: i % 7 === 0 ? 'autojoin' : 'invitation',
    scope: { type: 'workspace', id: `ws-${i}`, name: `Workspace number ${i}`, memberCount: 3 + (i % 40) },
    role: i % 3 === 0 ? 'admin' : 'member',
    inviter: { name: `Person ${i}`, email: `person${i}@example.com` },
    message: i % 2 === 0 ? `Come and join workspace ${i}, we would love to have you.` : undefined,
    createdAt: new Date(Date.now() - (i % 30) * DAY).toISOString(),
    expiresAt: new Date(Date.now() + (1 + (i % 20)) * DAY).toISOString(),
    status: 'pending',
    matchedDomain: i % 7 === 0 ? 'example.com' : undefined,
    canDecline: i % 7 !== 0,
  }));
}

let noSkipping;

/** @param {number} count @param {'screen' | 'all'} mode */
globalThis.renderOnce = async (count, mode = 'screen') => {
  const body = JSON.stringify({ invitations: invitations(count), viewerKey: `bench-${count}-${Math.random()}` });
  let release;
  const held = new Promise((r) => (release = r));
  const el = document.createElement('invite-inbox');
  el.fetcher = async () => {
    await held;
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  const loaded = new Promise((r) => el.addEventListener('invite-load', r, { once: true }));
  document.body.replaceChildren(el);
  await el.updateComplete;
  if (mode === 'all') {
    noSkipping ??= new CSSStyleSheet();
    noSkipping.replaceSync('* { content-visibility: visible !important; }');
    el.shadowRoot.adoptedStyleSheets = [...el.shadowRoot.adoptedStyleSheets, noSkipping];
  }
  // Let the skeleton's layout settle outside the measured span.
  void document.body.offsetHeight;

  const cards = () => el.shadowRoot?.querySelectorAll('[part~="card"]') ?? [];
  const start = performance.now();
  release();
  await loaded;
  // The list renders in Lit's update after the load settles; wait on it without timer clamping.
  for (let spins = 0; cards().length < count && spins < 1000; spins++) {
    await el.updateComplete;
    if (cards().length < count) await new Promise((r) => queueMicrotask(r));
  }
  void document.body.offsetHeight;
  const laidOut = [];
  for (const card of cards()) {
    if (card.getBoundingClientRect().top >= innerHeight) break;
    // Reading a box inside a skipped card forces that card's layout.
    laidOut.push(card.querySelector('.meta').getBoundingClientRect().height > 0);
  }
  const elapsed = performance.now() - start;
  if (cards().length !== count) throw new Error(`expected ${count} cards, found ${cards().length}`);
  if (!laidOut.length || laidOut.includes(false)) throw new Error('cards on screen were not laid out');
  return elapsed;
};
