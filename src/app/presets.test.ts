// Presets carry the app issue's numbers, each gives parameters the engine accepts, and engine errors read as words.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../protocol/errors.ts';
import { DEFAULT_PARAMS, validateParams } from '../protocol/params.ts';
import { engineErrorText, PRESETS } from './presets.ts';

describe('presets', () => {
  it('match the table: fast 512/8/8/30/9, standard 512/16/8/50/9, high 768/24/12/80/10', () => {
    const row = (id: string) => {
      const p = PRESETS.find((x) => x.id === id)!;
      return [p.size, p.numFrames, p.fps, p.numInferenceSteps, p.guidanceScale];
    };
    expect(row('fast')).toEqual([512, 8, 8, 30, 9]);
    expect(row('standard')).toEqual([512, 16, 8, 50, 9]);
    expect(row('high')).toEqual([768, 24, 12, 80, 10]);
  });

  it('each gives valid generation parameters', () => {
    for (const p of PRESETS) {
      const params = { ...DEFAULT_PARAMS, prompt: 'x', width: p.size, height: p.size, numFrames: p.numFrames, numInferenceSteps: p.numInferenceSteps, guidanceScale: p.guidanceScale };
      expect(() => validateParams(params)).not.toThrow();
    }
  });
});

describe('engineErrorText', () => {
  it('puts the code in words and keeps the detail', () => {
    expect(engineErrorText(new EngineError('bad-image', 'the image file is empty'))).toBe('The image could not be used: the image file is empty');
    expect(engineErrorText(new EngineError('cancelled', 'cancelled'))).toBe('Cancelled: cancelled');
    expect(engineErrorText(new Error('boom'))).toBe('Something went wrong: boom');
  });
});
