/**
 * Runs in the benchmark page (plain JS, so no transpiler helpers leak into it),
 * next to the production script-tag file `invite-inbox.js`.
 *
 * `mountList(n)`: mounts an inbox waiting on a held response, hands over n
 * invitations and returns the time from handing them over (reading and parsing
 * the body included) to the end of the frame that first paints cards. `afterNextPaint` resolves after the browser
 * has produced the next frame: a task queued from requestAnimationFrame runs
 * once that frame's rendering work is done.
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

globalThis.afterNextPaint = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );

/** @param {number} count */
globalThis.mountList = async (count) => {
  const body = JSON.stringify({ invitations: invitations(count), viewerKey: `bench-${count}-${Math.random()}` });
  let release;
  const held = new Promise((r) => (release = r));
  const el = document.createElement('invite-inbox');
  el.fetcher = async () => {
    // Made before the clock starts: turning the test's string into bytes (~15 ms at 10,000) is
    // the harness's work; a real response arrives as bytes.
    const res = new Response(body, { headers: { 'content-type': 'application/json' } });
    await held;
    return res;
  };
  const loaded = new Promise((r) => el.addEventListener('invite-load', r, { once: true }));
  document.body.replaceChildren(el);
  window.scrollTo(0, 0);
  await el.updateComplete;
  // The skeleton is painted before the clock starts.
  await afterNextPaint();

  const start = performance.now();
  release();
  await loaded;
  await el.updateComplete;
  const painted = await afterNextPaint();
  const cards = el.shadowRoot.querySelectorAll('[part~="card"]').length;
  if (!cards) throw new Error('no cards after the first paint');
  return { ms: painted - start, cards };
};

/** Records the next click on the page: its Event Timing duration and the time to the frame after it. */
globalThis.watchClick = () =>
  new Promise((resolve) => {
    const entries = [];
    const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    observer.observe({ type: 'event', durationThreshold: 16 });
    addEventListener(
      'click',
      async (e) => {
        const painted = await afterNextPaint();
        // Event Timing entries arrive after the frame; give them a moment.
        await new Promise((r) => setTimeout(r, 100));
        observer.disconnect();
        const timed = entries.filter((x) => x.name === 'click' || x.name === 'pointerup' || x.name === 'pointerdown');
        resolve({
          paint: painted - e.timeStamp,
          // Entries under 16 ms are not reported by the browser.
          eventTiming: timed.length ? Math.max(...timed.map((x) => x.duration)) : null,
        });
      },
      { capture: true, once: true },
    );
  });
