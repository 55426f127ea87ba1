// Tests for model-index.ts: which shapes of /models/index.json name the installed demo bundles.
import { describe, expect, it } from 'vitest';
import { parseModelIndex } from './model-index.ts';

describe('parseModelIndex', () => {
  it('reads { models: [...] } with ids and precisions', () => {
    expect(parseModelIndex({ models: [{ id: 'i2vgen-xl-tiny', precision: 'fp32', bytes: 5 }] })).toEqual([
      { id: 'i2vgen-xl-tiny', precision: 'fp32' },
    ]);
  });
  it('reads a bare array of ids and a single entry', () => {
    expect(parseModelIndex(['a', { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(parseModelIndex({ id: 'tiny', precision: 'q4f32' })).toEqual([{ id: 'tiny', precision: 'q4f32' }]);
  });
  it('reads an empty list as no models', () => {
    expect(parseModelIndex({ models: [] })).toEqual([]);
  });
  it('rejects entries without a non-empty string id', () => {
    expect(parseModelIndex({ models: [{ name: 'x' }] })).toBeUndefined();
    expect(parseModelIndex([{ id: 3 }])).toBeUndefined();
    expect(parseModelIndex(null)).toBeUndefined();
    expect(parseModelIndex('')).toBeUndefined();
    expect(parseModelIndex({ models: ['a', { id: '' }] })).toBeUndefined();
  });
});
