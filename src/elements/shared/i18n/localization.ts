// @lit/localize's pieces, without `configureLocalization`: its general locale switcher
// (validation, a shared deferred, request counting) costs more than the few lines below,
// and `applyLocale` is the only caller. Messages, `str`, the locale-status event and
// `updateWhenLocaleChanges` are still the library's own.
import { _installMsgImplementation } from '@lit/localize/init/install.js';
import { LOCALE_STATUS_EVENT, type LocaleStatusEventDetail } from '@lit/localize/internal/locale-status-event.js';
import { runtimeMsg } from '@lit/localize/internal/runtime-msg.js';
import type { LocaleModule, MsgFn } from '@lit/localize/internal/types.js';
import { sourceLocale, targetLocales } from './locale-codes.js';

export { sourceLocale, targetLocales };

type Locale = (typeof targetLocales)[number] | typeof sourceLocale;

// Static import() calls (not a template) so every bundler splits them into
// chunks that load only when that language is asked for.
const loaders = {
  es: () => import('./locales/es.js'),
  de: () => import('./locales/de.js'),
  ja: () => import('./locales/ja.js'),
} satisfies Record<(typeof targetLocales)[number], () => Promise<LocaleModule>>;

/** The locale last asked for: a slower load of an earlier one must not win over it. */
let wanted: Locale = sourceLocale;
let switching = Promise.resolve();
let templates: LocaleModule['templates'] | undefined;

_installMsgImplementation(((template, options) => runtimeMsg(templates, template, options)) as MsgFn);

const status = (detail: LocaleStatusEventDetail) => dispatchEvent(new CustomEvent(LOCALE_STATUS_EVENT, { detail }));

/** Maps any BCP 47 tag ("de-AT", "ja") to a shipped locale, English otherwise. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] as Locale;
  return base in loaders ? base : sourceLocale;
}

/**
 * Switches the page-wide message locale. @lit/localize keeps one active
 * locale per page, so two elements asking for different locales get the last.
 * Settles when that locale's messages are in use, or failed to load (English stays).
 */
export function applyLocale(tag: string | null | undefined): Promise<void> {
  const l = resolveLocale(tag);
  if (l === wanted) return switching;
  wanted = l;
  status({ status: 'loading', loadingLocale: l });
  return (switching = (l === sourceLocale ? Promise.resolve({ templates: undefined }) : loaders[l]()).then(
    (mod) => {
      if (wanted !== l) return;
      templates = mod.templates;
      status({ status: 'ready', readyLocale: l });
    },
    (e: unknown) => {
      if (wanted === l) status({ status: 'error', errorLocale: l, errorMessage: String(e) });
    },
  ));
}
