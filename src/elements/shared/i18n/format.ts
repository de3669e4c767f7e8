/**
 * Intl formatters cached per locale: constructing them costs far more than
 * using them, and a list of 100 cards would otherwise build hundreds.
 */
const cache = new Map<string, unknown>();

function cached<T>(key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined;
  if (v === undefined) cache.set(key, (v = make()));
  return v;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31536e6],
  ['month', 2592e6],
  ['week', 6048e5],
  ['day', 864e5],
  ['hour', 36e5],
  ['minute', 6e4],
];

/** "in 3 days", "2 hours ago", "yesterday", localized. `time` in epoch ms. */
export function relativeTime(locale: string, time: number, now = Date.now()): string {
  const diff = time - now;
  const rtf = cached('r' + locale, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(0, 'minute');
}

/** A full date for the `title` tooltip next to a relative time. */
export const fullDate = (locale: string, time: number): string =>
  cached('d' + locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(time);

export const formatNumber = (locale: string, n: number): string =>
  cached('n' + locale, () => new Intl.NumberFormat(locale)).format(n);

export const pluralCategory = (locale: string, n: number): Intl.LDMLPluralRule =>
  cached('p' + locale, () => new Intl.PluralRules(locale)).select(n);

/** "Acme, Globex and Initech" */
export const formatList = (locale: string, items: string[]): string =>
  cached('l' + locale, () => new Intl.ListFormat(locale, { type: 'conjunction' })).format(items);
