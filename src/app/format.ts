// Number formatting for the page: byte sizes in binary units (1 GiB = 2^30 bytes, as WebGPU limits are), transfer
// rates and times left. Numbers and unit symbols (KiB, MiB, GiB, /s) are the same in every language; the unit words
// ("bytes", "s", "min", "h") come from the catalog of the page's language (<html lang>, which i18n sets), or of the
// `locale` passed. Pure apart from reading <html lang>, so Node tests run it (in English).
import { CATALOG } from './i18n/catalog.ts';
import { format, type Locale, pickLocale } from './i18n/locale.ts';

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** The page's language as i18n set it on <html lang>; English where there is no document (Node). */
export const pageLocale = (): Locale => {
  const lang = globalThis.document?.documentElement.lang;
  return lang ? pickLocale([lang]) : 'en';
};

const unit = (locale: Locale, key: 'format.bytes' | 'format.seconds' | 'format.minutes' | 'format.hours', n: number) =>
  format(CATALOG[locale][key], { n });

/** `1073741824` → `"1 GiB"`, `16384` → `"16 KiB"`, `1536` → `"1.5 KiB"`, `100` → `"100 bytes"` (`"100 字节"`). */
export function formatBytes(bytes: number, locale: Locale = pageLocale()): string {
  let value = bytes;
  let step = 0;
  while (value >= 1024 && step < UNITS.length - 1) {
    value /= 1024;
    step += 1;
  }
  const digits = Number.isInteger(value) ? 0 : value < 10 ? 2 : 1;
  const n = Number(value.toFixed(digits));
  return step === 0 ? unit(locale, 'format.bytes', n) : `${n} ${UNITS[step]}`;
}

/** A transfer rate: `1536` → `"1.5 KiB/s"`. */
export const formatRate = (bytesPerSecond: number, locale: Locale = pageLocale()): string => `${formatBytes(Math.round(bytesPerSecond), locale)}/s`;

/** Time left, rounded up so it never reads "0 s" early: `4.2` → `"5 s"`, `130` → `"2 min 10 s"`, `3900` → `"1 h 5 min"`. */
export function formatDuration(seconds: number, locale: Locale = pageLocale()): string {
  const s = Math.max(0, Math.ceil(seconds));
  const sec = (n: number) => unit(locale, 'format.seconds', n);
  const min = (n: number) => unit(locale, 'format.minutes', n);
  const hours = (n: number) => unit(locale, 'format.hours', n);
  if (s < 60) return sec(s);
  if (s < 3600) return s % 60 === 0 ? min(s / 60) : `${min(Math.floor(s / 60))} ${sec(s % 60)}`;
  const minutes = Math.ceil(s / 60);
  return minutes % 60 === 0 ? hours(minutes / 60) : `${hours(Math.floor(minutes / 60))} ${min(minutes % 60)}`;
}
