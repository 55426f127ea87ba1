// Generation presets (the app issue's table) plus a quick test for the tiny demo model, and the engine error codes
// in words. Pure.
import type { EngineErrorCode } from '../protocol/errors.ts';

export interface Preset {
  readonly id: 'quick' | 'fast' | 'standard' | 'high';
  readonly label: string;
  readonly size: number;
  readonly numFrames: number;
  readonly fps: number;
  readonly numInferenceSteps: number;
  readonly guidanceScale: number;
}

export const PRESETS: readonly Preset[] = [
  { id: 'quick', label: 'Quick test (32 px, 4 frames, 4 steps: for the demo model)', size: 32, numFrames: 4, fps: 8, numInferenceSteps: 4, guidanceScale: 9 },
  { id: 'fast', label: 'Fast (512 px, 8 frames, 30 steps)', size: 512, numFrames: 8, fps: 8, numInferenceSteps: 30, guidanceScale: 9 },
  { id: 'standard', label: 'Standard (512 px, 16 frames, 50 steps)', size: 512, numFrames: 16, fps: 8, numInferenceSteps: 50, guidanceScale: 9 },
  { id: 'high', label: 'High (768 px, 24 frames, 80 steps)', size: 768, numFrames: 24, fps: 12, numInferenceSteps: 80, guidanceScale: 10 },
];

const WORDS: Record<EngineErrorCode, string> = {
  'bad-request': 'A setting is not valid',
  'bad-image': 'The image could not be used',
  'no-model': 'No model is loaded',
  model: 'The model could not be loaded',
  busy: 'A video is already being made',
  cancelled: 'Cancelled',
  'device-lost': 'The GPU stopped responding (the browser reset it); try again',
  'no-webgpu': 'WebGPU is not available in this browser',
  'out-of-memory': 'The GPU ran out of memory: choose a smaller size or fewer frames',
  encode: 'The video could not be encoded',
  internal: 'Something went wrong',
};

/** "Summary: detail" for an engine error (`{ code, message }`), or the message of anything else. */
export function engineErrorText(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const summary = code && code in WORDS ? WORDS[code as EngineErrorCode] : 'Something went wrong';
  return message && message !== summary ? `${summary}: ${message}` : summary;
}
