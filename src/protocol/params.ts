// Generation parameters and their validation at the edge (where a request enters the worker or the CLI); every
// message names the value. Ranges from the pipeline issue.

/** ddim: the reference sampler (50 steps); dpmpp: DPM-Solver++ (2M), about as good in 25. */
export const SAMPLERS = ['ddim', 'dpmpp'] as const;
export type Sampler = (typeof SAMPLERS)[number];

export interface GenerationParams {
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly width: number;
  readonly height: number;
  readonly numFrames: number;
  readonly numInferenceSteps: number;
  readonly guidanceScale: number;
  readonly targetFps: number;
  readonly seed: number;
  readonly sampler: Sampler;
}

export const DEFAULT_PARAMS: Omit<GenerationParams, 'prompt'> = {
  negativePrompt: '',
  width: 512,
  height: 512,
  numFrames: 16,
  numInferenceSteps: 50,
  guidanceScale: 9,
  targetFps: 16,
  seed: 0,
  sampler: 'ddim',
};

export class ParamError extends Error {
  override readonly name = 'ParamError';
  constructor(
    /** The request field at fault: a generation parameter, or an output option (format, fps, loop). */
    readonly field: keyof GenerationParams | 'format' | 'fps' | 'loop',
    message: string,
  ) {
    super(message);
  }
}

/** Throws ParamError for the first invalid value. `sizeMultiple` is 8 × the VAE factor's need (8 for the real model). */
export function validateParams(p: GenerationParams, sizeMultiple = 8): GenerationParams {
  const int = (field: keyof GenerationParams, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new ParamError(field, `${field} must be an integer in ${lo}–${hi}, got ${v}`);
  };
  for (const field of ['width', 'height'] as const) {
    const v = p[field];
    if (!Number.isInteger(v) || v <= 0 || v % sizeMultiple !== 0) {
      throw new ParamError(field, `${field} must be a positive multiple of ${sizeMultiple}, got ${v}`);
    }
  }
  int('numFrames', p.numFrames, 2, 32);
  int('numInferenceSteps', p.numInferenceSteps, 1, 200);
  int('targetFps', p.targetFps, 1, 60);
  int('seed', p.seed, 0, 2 ** 32 - 1);
  if (!(p.guidanceScale >= 0 && p.guidanceScale <= 30)) {
    throw new ParamError('guidanceScale', `guidanceScale must be between 0 and 30, got ${p.guidanceScale}`);
  }
  if (typeof p.prompt !== 'string' || p.prompt.trim() === '') throw new ParamError('prompt', 'prompt must not be empty');
  if (!(SAMPLERS as readonly string[]).includes(p.sampler)) {
    throw new ParamError('sampler', `sampler must be one of ${SAMPLERS.join(', ')}, got ${JSON.stringify(p.sampler)}`);
  }
  return p;
}
