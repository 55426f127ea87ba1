// Every invalid generation parameter is rejected with a message that names the field and the value.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, ParamError, validateParams, type GenerationParams } from './params.ts';

const ok: GenerationParams = { ...DEFAULT_PARAMS, prompt: 'a cat slowly turning its head' };

describe('validateParams', () => {
  it('accepts the defaults', () => {
    expect(validateParams(ok)).toEqual(ok);
  });

  it.each([
    ['height', 700, 'height must be a positive multiple of 8, got 700'],
    ['width', 0, 'width must be a positive multiple of 8, got 0'],
    ['width', 12.5, 'width must be a positive multiple of 8, got 12.5'],
    ['numFrames', 1, 'numFrames must be an integer in 2–32, got 1'],
    ['numFrames', 33, 'numFrames must be an integer in 2–32, got 33'],
    ['numInferenceSteps', 0, 'numInferenceSteps must be an integer in 1–200, got 0'],
    ['numInferenceSteps', 201, 'numInferenceSteps must be an integer in 1–200, got 201'],
    ['guidanceScale', -1, 'guidanceScale must be between 0 and 30, got -1'],
    ['guidanceScale', Number.NaN, 'guidanceScale must be between 0 and 30, got NaN'],
    ['targetFps', 61, 'targetFps must be an integer in 1–60, got 61'],
    ['seed', -1, 'seed must be an integer in 0–4294967295, got -1'],
    ['seed', 2 ** 32, 'seed must be an integer in 0–4294967295, got 4294967296'],
    ['prompt', '   ', 'prompt must not be empty'],
    ['sampler', 'euler', 'sampler must be one of ddim, dpmpp, got "euler"'],
  ] as const)('rejects %s = %s', (field, value, message) => {
    const bad = { ...ok, [field]: value } as GenerationParams;
    expect(() => validateParams(bad)).toThrow(ParamError);
    expect(() => validateParams(bad)).toThrow(message);
    try {
      validateParams(bad);
    } catch (e) {
      expect((e as ParamError).field).toBe(field);
    }
  });

  it('uses the VAE factor when it is larger than 8', () => {
    expect(() => validateParams({ ...ok, width: 24 }, 16)).toThrow('width must be a positive multiple of 16, got 24');
  });
});
