// Tests for model-index.ts: the /models/index.json format that names the bundles the site ships.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from './i18n/catalog.ts';
import { DEMO_BUNDLE_ID, entryUrl, parseModelIndex } from './model-index.ts';

const tiny = { id: 'i2vgen-xl-tiny-demo', name: 'Tiny demo', path: 'tiny/', precision: 'q4f32' };

describe('parseModelIndex', () => {
  it('reads { bundles: [...] } with id, name, path, precision and notice', () => {
    expect(parseModelIndex({ bundles: [{ ...tiny, notice: 'random weights', bytes: 5 }] })).toEqual([
      { ...tiny, notice: 'random weights' },
    ]);
  });
  it('reads an empty list as no models', () => {
    expect(parseModelIndex({ bundles: [] })).toEqual([]);
  });
  it('rejects other shapes and incomplete entries', () => {
    expect(parseModelIndex([tiny])).toBeUndefined();
    expect(parseModelIndex({ bundles: [{ ...tiny, id: '' }] })).toBeUndefined();
    expect(parseModelIndex({ bundles: [{ ...tiny, path: 3 }] })).toBeUndefined();
    expect(parseModelIndex({ bundles: [{ ...tiny, notice: 1 }] })).toBeUndefined();
    expect(parseModelIndex(null)).toBeUndefined();
  });
});

describe('entryUrl', () => {
  it('resolves an entry path against the index folder, as a folder URL', () => {
    const index = 'https://example.com/models/index.json';
    expect(entryUrl({ ...tiny, path: 'tiny/' }, index)).toBe('https://example.com/models/tiny/');
    expect(entryUrl({ ...tiny, path: 'tiny' }, index)).toBe('https://example.com/models/tiny/');
    expect(entryUrl({ ...tiny, path: 'https://cdn.example.org/b/' }, index)).toBe('https://cdn.example.org/b/');
  });
});

describe('the shipped demo bundle', () => {
  it('is the one public/models/index.json lists, and the app words its notice as the index does', () => {
    const index = parseModelIndex(JSON.parse(readFileSync(new URL('../../public/models/index.json', import.meta.url), 'utf8')));
    const demo = index?.find((e) => e.id === DEMO_BUNDLE_ID);
    expect(demo?.notice).toBe(CATALOG.en['model.offered.demoNotice']);
    expect(CATALOG['zh-CN']['model.offered.demoNotice']).toMatch(/随机权重/);
  });
});
