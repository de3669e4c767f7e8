/**
 * Logs every event the elements fire, the way a host's listener sees it:
 * one listener per event name on `document`, since they bubble and are composed.
 */
const EVENTS = [
  'invite-load',
  'invite-select',
  'invite-accept',
  'invite-accepted',
  'invite-decline',
  'invite-dismiss',
  'invite-error',
] as const;

const log = document.getElementById('event-log') as HTMLOListElement;
const count = document.getElementById('event-count') as HTMLElement;

/** The event's own fields (what a listener reads), not Event's inherited ones. */
function detailOf(e: Event): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(e)) {
    if (key === 'isTrusted' || key === 'confirmation') continue;
    const value = (e as unknown as Record<string, unknown>)[key];
    out[key] = Array.isArray(value)
      ? value.map((v: unknown) =>
          typeof v === 'object' && v !== null && 'id' in v
            ? { id: (v as { id: string }).id, ...('scope' in v ? { scope: (v as { scope: { name: string } }).scope.name } : {}), ...('ok' in v ? { ok: (v as { ok: boolean }).ok } : {}) }
            : v,
        )
      : typeof value === 'object' && value !== null && 'id' in value
        ? { id: (value as { id: string }).id }
        : value;
  }
  return out;
}

function record(e: Event): void {
  const item = document.createElement('li');
  item.dataset.event = e.type;
  const name = Object.assign(document.createElement('span'), { className: 'event-name', textContent: e.type });
  const time = Object.assign(document.createElement('time'), {
    className: 'event-time',
    dateTime: new Date().toISOString(),
    textContent: new Date().toLocaleTimeString(),
  });
  const detail = Object.assign(document.createElement('pre'), {
    textContent: JSON.stringify(detailOf(e), null, 2),
  });
  item.append(name, time, detail);
  log.prepend(item);
  count.textContent = `(${log.children.length})`;
}

for (const type of EVENTS) document.addEventListener(type, record);

document.getElementById('clear-log')?.addEventListener('click', () => {
  log.replaceChildren();
  count.textContent = '(0)';
});
