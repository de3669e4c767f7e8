import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './locale-codes.js';

export { sourceLocale, targetLocales };

type Locale = (typeof targetLocales)[number] | typeof sourceLocale;

// Static import() calls (not a template) so every bundler splits them into
// chunks that load only when that language is asked for.
const loaders = {
  es: () => import('./locales/es.js'),
  de: () => import('./locales/de.js'),
  ja: () => import('./locales/ja.js'),
} satisfies Record<(typeof targetLocales)[number], () => Promise<unknown>>;

const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (l) => loaders[l as keyof typeof loaders]() as never,
});

/** Maps any BCP 47 tag ("de-AT", "ja") to a shipped locale, English otherwise. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] as Locale;
  return base in loaders ? base : sourceLocale;
}

/**
 * Switches the page-wide message locale. @lit/localize keeps one active
 * locale per page, so two elements asking for different locales get the last.
 */
export function applyLocale(tag: string | null | undefined): Promise<void> {
  const l = resolveLocale(tag);
  return l === getLocale() ? Promise.resolve() : setLocale(l).catch(() => undefined);
}

export { getLocale };
