// Generation settings as the app holds them (a preset or custom values), the presets of the app issue's table, the
// frame size for a resolution and aspect, page-side validation with a message per field (i18n keys), and the
// engine request they make. Pure: the form, history, batch queue, embed mode and the library entry all use it.
import type { GenerationParams, Sampler } from '../protocol/params.ts';
import { SAMPLERS } from '../protocol/params.ts';
import type { LoopMode, OutputOptions } from '../protocol/engine.ts';
import type { Message } from './i18n/i18n.svelte.ts';

export const ASPECTS = ['16:9', '9:16', '1:1', '4:3', '3:4'] as const;
export type Aspect = (typeof ASPECTS)[number];
export const PRESET_IDS = ['quick', 'fast', 'standard', 'high', 'custom'] as const;
export type PresetId = (typeof PRESET_IDS)[number];
export type SeedMode = 'random' | 'locked';

export interface GenerateSettings {
  readonly preset: PresetId;
  /** The shorter side of the frame, pixels (a multiple of 8). "512p". */
  readonly resolution: number;
  readonly aspect: Aspect;
  readonly numFrames: number;
  /** Playback frame rate of the file. */
  readonly fps: number;
  /** The model's target_fps conditioning: how fast things move. */
  readonly motionSpeed: number;
  readonly steps: number;
  readonly guidance: number;
  readonly sampler: Sampler;
  readonly seed: number;
  /** random: a new seed each run (the one used is kept with the result); locked: `seed` every time. */
  readonly seedMode: SeedMode;
  readonly loop: LoopMode;
}

/** Ranges the form and validation share. Resolution 256p–1024p for real models; the demo model runs from 32 px. */
export const LIMITS = {
  resolution: { min: 32, max: 1024, step: 8 },
  numFrames: { min: 2, max: 32 },
  fps: { min: 1, max: 30 },
  motionSpeed: { min: 1, max: 60 },
  steps: { min: 1, max: 200 },
  guidance: { min: 0, max: 30 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  promptChars: 1000,
} as const;

/** Sizes a real model is offered at in the form ("256p" … "1024p"). */
export const RESOLUTIONS = [256, 320, 384, 448, 512, 640, 768, 896, 1024] as const;

/** The quick test's size: only a small model (the demo model) can run it; the form offers it below the others. */
export const DEMO_RESOLUTION = 32;

type PresetValues = Pick<GenerateSettings, 'resolution' | 'aspect' | 'numFrames' | 'fps' | 'motionSpeed' | 'steps' | 'guidance' | 'sampler'>;

/** The table (fast 512p/8/8/30/9, standard 512p/16/8/50/9, high 768p/24/12/80/10) plus a 32 px quick test
 *  for the tiny demo model. Motion speed stays the model's default (16). */
export const PRESETS: Readonly<Record<Exclude<PresetId, 'custom'>, PresetValues>> = {
  quick: { resolution: DEMO_RESOLUTION, aspect: '1:1', numFrames: 4, fps: 8, motionSpeed: 16, steps: 4, guidance: 9, sampler: 'ddim' },
  fast: { resolution: 512, aspect: '1:1', numFrames: 8, fps: 8, motionSpeed: 16, steps: 30, guidance: 9, sampler: 'ddim' },
  standard: { resolution: 512, aspect: '1:1', numFrames: 16, fps: 8, motionSpeed: 16, steps: 50, guidance: 9, sampler: 'ddim' },
  high: { resolution: 768, aspect: '1:1', numFrames: 24, fps: 12, motionSpeed: 16, steps: 80, guidance: 10, sampler: 'ddim' },
};

/** The fields a preset sets: changing one of them by hand makes the settings custom. */
export const PRESET_FIELDS: ReadonlySet<keyof GenerateSettings> = new Set(Object.keys(PRESETS.quick) as (keyof GenerateSettings)[]);

export const DEFAULT_SETTINGS: GenerateSettings = { preset: 'quick', ...PRESETS.quick, seed: 42, seedMode: 'locked', loop: 'forward' };

/** Settings with a preset's values applied (custom keeps the current values). */
export function applyPreset(s: GenerateSettings, preset: PresetId): GenerateSettings {
  return preset === 'custom' ? { ...s, preset } : { ...s, ...PRESETS[preset], preset };
}

/** Width × height for a shorter side and an aspect ratio; both multiples of 8 (the VAE needs it). */
export function frameSize(resolution: number, aspect: Aspect): { width: number; height: number } {
  const [a, b] = aspect.split(':').map(Number) as [number, number];
  const long = Math.round((resolution * Math.max(a, b)) / Math.min(a, b) / 8) * 8;
  return a >= b ? { width: long, height: resolution } : { width: resolution, height: long };
}

export type SettingsField = keyof GenerateSettings | 'prompt' | 'negativePrompt';
export interface FieldProblem {
  readonly field: SettingsField;
  readonly message: Message;
}

/** Every problem with the settings and prompts, in form order (the form shows each beside its field's label); empty when they can run. Values may come from a form,
 *  a URL or history, so anything may be NaN, fractional or of the wrong type. */
export function checkSettings(s: GenerateSettings, prompt: string, negativePrompt: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const range = (field: SettingsField, v: unknown, lo: number, hi: number, integer = true) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push({ field, message: { key: 'settings.notNumber' } });
    else if ((integer && !Number.isInteger(v)) || v < lo || v > hi) {
      problems.push({ field, message: { key: integer ? 'settings.intRange' : 'settings.range', vars: { min: lo, max: hi, value: v } } });
    }
  };
  if (typeof prompt !== 'string' || prompt.trim() === '') problems.push({ field: 'prompt', message: { key: 'settings.promptEmpty' } });
  else if (prompt.length > LIMITS.promptChars) problems.push({ field: 'prompt', message: { key: 'settings.promptLong', vars: { max: LIMITS.promptChars, length: prompt.length } } });
  if (typeof negativePrompt !== 'string' || negativePrompt.length > LIMITS.promptChars) {
    problems.push({ field: 'negativePrompt', message: { key: 'settings.promptLong', vars: { max: LIMITS.promptChars, length: String(negativePrompt).length } } });
  }
  if (!(PRESET_IDS as readonly unknown[]).includes(s.preset)) problems.push({ field: 'preset', message: { key: 'settings.badChoice' } });
  range('resolution', s.resolution, LIMITS.resolution.min, LIMITS.resolution.max);
  if (Number.isInteger(s.resolution) && s.resolution % LIMITS.resolution.step !== 0) {
    problems.push({ field: 'resolution', message: { key: 'settings.multipleOf8', vars: { value: s.resolution } } });
  }
  if (!(ASPECTS as readonly unknown[]).includes(s.aspect)) problems.push({ field: 'aspect', message: { key: 'settings.badChoice' } });
  range('numFrames', s.numFrames, LIMITS.numFrames.min, LIMITS.numFrames.max);
  range('fps', s.fps, LIMITS.fps.min, LIMITS.fps.max);
  range('motionSpeed', s.motionSpeed, LIMITS.motionSpeed.min, LIMITS.motionSpeed.max);
  range('steps', s.steps, LIMITS.steps.min, LIMITS.steps.max);
  range('guidance', s.guidance, LIMITS.guidance.min, LIMITS.guidance.max, false);
  if (!(SAMPLERS as readonly unknown[]).includes(s.sampler)) problems.push({ field: 'sampler', message: { key: 'settings.badChoice' } });
  if (s.seedMode === 'locked') range('seed', s.seed, LIMITS.seed.min, LIMITS.seed.max);
  else if (s.seedMode !== 'random') problems.push({ field: 'seedMode', message: { key: 'settings.badChoice' } });
  if (s.loop !== 'forward' && s.loop !== 'pingpong') problems.push({ field: 'loop', message: { key: 'settings.badChoice' } });
  return problems;
}

/** A fresh random seed (for seedMode 'random'). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** The engine's parameters and output options for checked settings; `seed` is the one to use this run. */
export function toRequest(s: GenerateSettings, prompt: string, negativePrompt: string, seed: number): { params: GenerationParams; output: OutputOptions } {
  const { width, height } = frameSize(s.resolution, s.aspect);
  return {
    params: {
      prompt: prompt.trim(),
      negativePrompt: negativePrompt.trim(),
      width,
      height,
      numFrames: s.numFrames,
      numInferenceSteps: s.steps,
      guidanceScale: s.guidance,
      targetFps: s.motionSpeed,
      seed,
      sampler: s.sampler,
    },
    output: { format: 'mp4', fps: s.fps, loop: s.loop },
  };
}
