// generateVideo()'s argument checks: each mistake a caller can make gets a TypeError that names it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, PRESETS } from '../app/settings.ts';
import { checkCall } from './options.ts';

const PAGE = 'https://site.example/app/page.html';
const image = new Blob([new Uint8Array(4)], { type: 'image/png' });
const check = (options: unknown, prompt: unknown = 'a ball rolling', img: unknown = image) => checkCall(img, prompt, options, PAGE);

describe('checkCall', () => {
  it('merges a preset and settings over the defaults', () => {
    const c = check({ preset: 'fast', settings: { numFrames: 12, seed: 3 }, negativePrompt: 'blur', backend: 'wasm', model: { modelId: 'tiny' } });
    expect(c.settings).toEqual({ ...DEFAULT_SETTINGS, ...PRESETS.fast, preset: 'custom', numFrames: 12, seed: 3, seedMode: 'locked' });
    expect(c).toMatchObject({ prompt: 'a ball rolling', negativePrompt: 'blur', backend: 'wasm', model: { modelId: 'tiny' } });
    expect(check(undefined).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('resolves a bundle URL against the page, as a folder', () => {
    expect(check({ model: { bundleUrl: '../models/tiny' } }).model).toEqual({ bundleUrl: 'https://site.example/models/tiny/' });
    expect(check({ model: { bundleUrl: 'https://hf.example/b/' } }).model).toEqual({ bundleUrl: 'https://hf.example/b/' });
  });

  it('refuses arguments of the wrong kind, naming them', () => {
    expect(() => check({}, 'p', 'data:image/png;base64,AA')).toThrow(/generateVideo: image must be a Blob or File .* got "data:image\/png;base64,AA"/);
    expect(() => check({}, 42)).toThrow('generateVideo: prompt must be a string, got number 42');
    expect(() => check('fast')).toThrow(/options must be an object/);
    expect(() => check({ steps: 4 })).toThrow(/unknown option steps/);
    expect(() => check({ preset: 'ultra' })).toThrow(/options.preset must be one of quick, fast, standard, high, custom, got "ultra"/);
    expect(() => check({ settings: { frames: 4 } })).toThrow(/unknown setting frames \(known: preset, resolution/);
    expect(() => check({ onProgress: 'log' })).toThrow(/onProgress must be a function/);
    expect(() => check({ signal: {} })).toThrow(/signal must be an AbortSignal/);
    expect(() => check({ backend: 'gpu' })).toThrow(/backend must be 'auto', 'webgpu' or 'wasm'/);
  });

  it('refuses a model that is neither an installed id nor an http(s) bundle URL', () => {
    for (const model of [{}, { modelId: '' }, { modelId: 'a', bundleUrl: 'b' }, 'tiny', { bundleUrl: 5 }]) expect(() => check({ model })).toThrow(/options.model must be/);
    expect(() => check({ model: { bundleUrl: 'javascript:alert(1)' } })).toThrow(/must be an http\(s\) URL/);
  });

  it('refuses settings and prompts the app’s form refuses, with the form’s words', () => {
    expect(() => check({ settings: { numFrames: 99, resolution: 500 } })).toThrow(
      'generateVideo: settings.resolution: Resolution must be a multiple of 8 pixels (got 500). settings.numFrames: Must be a whole number from 2 to 32 (got 99).',
    );
    expect(() => check({}, '   ')).toThrow('generateVideo: prompt: Write a prompt: what should move, and how.');
  });
});
