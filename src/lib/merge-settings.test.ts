// Partial settings over a base: preset first, then values; changed preset values make it custom; a seed is used.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, PRESETS } from '../app/settings.ts';
import { mergeSettings } from './merge-settings.ts';

describe('mergeSettings', () => {
  it('applies a named preset, then the given values over it', () => {
    const s = mergeSettings(DEFAULT_SETTINGS, { preset: 'fast', loop: 'pingpong' });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, ...PRESETS.fast, preset: 'fast', loop: 'pingpong' });
  });

  it('a value that differs from the preset makes the settings custom', () => {
    expect(mergeSettings(DEFAULT_SETTINGS, { preset: 'quick', steps: 6 })).toMatchObject({ preset: 'custom', steps: 6, numFrames: PRESETS.quick.numFrames });
    expect(mergeSettings(DEFAULT_SETTINGS, { preset: 'quick', steps: PRESETS.quick.steps }).preset).toBe('quick');
  });

  it('a given seed is used (locked) unless a seed mode is given too', () => {
    const random = { ...DEFAULT_SETTINGS, seedMode: 'random' as const };
    expect(mergeSettings(random, { seed: 7 })).toMatchObject({ seed: 7, seedMode: 'locked' });
    expect(mergeSettings(random, { seed: 7, seedMode: 'random' }).seedMode).toBe('random');
  });

  it('ignores keys given as undefined and keeps invalid values for checkSettings to name', () => {
    expect(mergeSettings(DEFAULT_SETTINGS, { steps: undefined })).toEqual(DEFAULT_SETTINGS);
    expect(mergeSettings(DEFAULT_SETTINGS, { preset: 'ultra' as never }).preset).toBe('ultra');
    // With other values too: an unknown preset is not hidden behind 'custom'.
    expect(mergeSettings(DEFAULT_SETTINGS, { preset: 'ultra' as never, steps: 6 }).preset).toBe('ultra');
  });
});
