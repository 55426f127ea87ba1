// The catalogs: both languages have the same keys and the same {placeholders}, nothing is empty, and Chinese text
// is not an untranslated copy of the English (names such as "LocalMotion", "MP4" or "WebGPU" excepted).
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.ts';
import { format, pickLocale } from './locale.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  const en = CATALOG.en as Record<string, string>;
  const zh = CATALOG['zh-CN'] as Record<string, string>;
  it('zh-CN has exactly the English keys, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect([key, placeholders(zh[key]!)]).toEqual([key, placeholders(en[key]!)]);
  });
  it('no message is empty, and Chinese messages with English words in them also have Chinese', () => {
    for (const [key, text] of Object.entries(zh)) {
      expect([key, text.trim().length > 0]).toEqual([key, true]);
      const latinWords = text.replace(/\{\w+\}/g, '').match(/[A-Za-z]{4,}/g) ?? [];
      // A message made only of Latin words (beyond names) is an English copy.
      if (latinWords.length > 2) expect([key, /[\u4e00-\u9fff]/.test(text)]).toEqual([key, true]);
    }
  });
});

describe('pickLocale and format', () => {
  it('takes the first language we have', () => {
    expect(pickLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
  });
  it('fills placeholders', () => {
    expect(format('{n} of {total}', { n: 2, total: 5 })).toBe('2 of 5');
  });
});
