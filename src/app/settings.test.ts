// Settings: presets carry the table, every preset and aspect gives parameters the engine accepts, frame
// sizes are multiples of 8 with the asked shorter side, and bad values each get a message on their field.
import { describe, expect, it } from 'vitest';
import { validateParams } from '../protocol/params.ts';
import { applyPreset, ASPECTS, checkSettings, DEFAULT_SETTINGS, frameSize, PRESETS, RESOLUTIONS, toRequest } from './settings.ts';

describe('settings', () => {
  it('presets match the table: fast 512/8/8/30/9, standard 512/16/8/50/9, high 768/24/12/80/10', () => {
    const row = (id: 'fast' | 'standard' | 'high') => {
      const p = PRESETS[id];
      return [p.resolution, p.numFrames, p.fps, p.steps, p.guidance];
    };
    expect(row('fast')).toEqual([512, 8, 8, 30, 9]);
    expect(row('standard')).toEqual([512, 16, 8, 50, 9]);
    expect(row('high')).toEqual([768, 24, 12, 80, 10]);
  });

  it('frame sizes keep the shorter side and are multiples of 8', () => {
    expect(frameSize(512, '16:9')).toEqual({ width: 912, height: 512 });
    expect(frameSize(512, '9:16')).toEqual({ width: 512, height: 912 });
    expect(frameSize(768, '4:3')).toEqual({ width: 1024, height: 768 });
    expect(frameSize(256, '3:4')).toEqual({ width: 256, height: 344 });
    for (const r of RESOLUTIONS) for (const a of ASPECTS) {
      const { width, height } = frameSize(r, a);
      expect([width % 8, height % 8, Math.min(width, height)]).toEqual([0, 0, r]);
    }
  });

  it('every preset and aspect gives engine parameters that validate', () => {
    for (const id of ['quick', 'fast', 'standard', 'high'] as const) {
      for (const aspect of ASPECTS) {
        const s = { ...applyPreset(DEFAULT_SETTINGS, id), aspect };
        expect(checkSettings(s, 'a cat', '')).toEqual([]);
        const { params, output } = toRequest(s, '  a cat ', '', 5);
        expect(() => validateParams(params)).not.toThrow();
        expect([params.prompt, params.seed, output.fps]).toEqual(['a cat', 5, s.fps]);
      }
    }
  });

  it('names the field of each bad value', () => {
    const bad = { ...DEFAULT_SETTINGS, preset: 'custom' as const, resolution: 500, numFrames: Number.NaN, steps: 2.5, guidance: 31, fps: 0, motionSpeed: 99, sampler: 'euler' as never };
    expect(checkSettings(bad, '', 'x'.repeat(4000)).map((p) => p.field)).toEqual(['prompt', 'negativePrompt', 'resolution', 'numFrames', 'fps', 'motionSpeed', 'steps', 'guidance', 'sampler']);
    expect(checkSettings(DEFAULT_SETTINGS, 'x'.repeat(4000), '')[0]!.message).toEqual({ key: 'settings.promptLong', vars: { max: 1000, length: 4000 } });
    expect(checkSettings({ ...DEFAULT_SETTINGS, seed: -1 }, 'a', '')[0]!.field).toBe('seed');
    expect(checkSettings({ ...DEFAULT_SETTINGS, seed: -1, seedMode: 'random' }, 'a', '')).toEqual([]);
  });
});
