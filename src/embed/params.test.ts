// The embedded app's defaults from its URL: good values are used, bad ones dropped and named, none crash.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, PRESETS } from '../app/settings.ts';
import { embedDefaults } from './params.ts';

const parse = (query: string) => embedDefaults(new URLSearchParams(query));

describe('embedDefaults', () => {
  it('without parameters gives the app defaults', () => {
    expect(parse('embed=1')).toEqual({ settings: DEFAULT_SETTINGS, prompt: '', negativePrompt: '', ignored: [] });
  });

  it('reads prompt, negative prompt, preset, every setting and the language', () => {
    const d = parse('embed=1&prompt=a%20cat%20turning&negative=blurry&preset=fast&resolution=384&aspect=16:9&frames=12&fps=10&steps=20&guidance=7.5&sampler=dpmpp&seed=99&loop=pingpong&lang=zh-CN');
    expect(d.ignored).toEqual([]);
    expect(d).toMatchObject({ prompt: 'a cat turning', negativePrompt: 'blurry', locale: 'zh-CN' });
    expect(d.settings).toEqual({
      ...DEFAULT_SETTINGS,
      preset: 'custom',
      resolution: 384,
      aspect: '16:9',
      numFrames: 12,
      fps: 10,
      motionSpeed: PRESETS.fast.motionSpeed,
      steps: 20,
      guidance: 7.5,
      sampler: 'dpmpp',
      seed: 99,
      seedMode: 'locked',
      loop: 'pingpong',
    });
  });

  it('keeps the preset name when the values given equal the preset’s', () => {
    expect(parse('preset=fast&steps=30').settings).toMatchObject({ preset: 'fast', steps: 30, resolution: 512 });
  });

  it('drops each invalid value, keeps the valid ones, and names the dropped parameters once', () => {
    const d = parse('preset=turbo&resolution=500&frames=abc&steps=&guidance=99&sampler=euler&seed=-1&loop=bounce&aspect=2:1&fps=12&lang=fr&colour=red&frames=3');
    expect(d.ignored).toEqual(['preset', 'resolution', 'aspect', 'frames', 'steps', 'guidance', 'sampler', 'seed', 'loop', 'lang', 'colour']);
    expect(d.settings).toEqual({ ...DEFAULT_SETTINGS, fps: 12, preset: 'custom' });
    expect(d.locale).toBeUndefined();
  });

  it('drops a prompt longer than the form takes', () => {
    const d = parse(`prompt=${'a'.repeat(1001)}`);
    expect(d).toMatchObject({ prompt: '', ignored: ['prompt'] });
  });
});
