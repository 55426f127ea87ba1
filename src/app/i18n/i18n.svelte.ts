// The app's languages: English and Simplified Chinese, chosen from the browser (navigator.languages) and switchable;
// the choice is kept in localStorage and sets <html lang>. `t(key, vars)` is reactive: a component that calls it
// re-renders when the language changes. Message catalogs live in ./messages/<area>.ts (one file per part of the
// app), merged in ./catalog.ts; zh-CN must have every key en has (the type checker enforces it).
import { CATALOG, type MessageKey } from './catalog.ts';
import { format, LOCALES, type Locale, pickLocale } from './locale.ts';

export { format, LOCALES, pickLocale, type Locale };
export type { MessageKey };

/** A message to show later, in whatever language is current then (errors, notices kept in state). */
export interface Message {
  readonly key: MessageKey;
  readonly vars?: Readonly<Record<string, string | number>>;
}

const STORAGE_KEY = 'localmotion.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // Storage blocked (sandboxed iframe): fall back to the browser's languages.
  }
  const nav = globalThis.navigator;
  return pickLocale(nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []);
}

class I18n {
  locale = $state<Locale>(initialLocale());

  set(locale: Locale, remember = true): void {
    this.locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
    if (!remember) return;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Not kept across reloads; still switched now.
    }
  }
}

export const i18n = new I18n();
if (typeof document !== 'undefined') document.documentElement.lang = i18n.locale;

/** The message for `key` in the current language. */
export function t(key: MessageKey, vars?: Readonly<Record<string, string | number>>): string {
  return format(CATALOG[i18n.locale][key], vars);
}

/** A kept Message in the current language. */
export const tm = (m: Message): string => t(m.key, m.vars);
