// The command line of `npm run generate` (node:util parseArgs) → GenerateOptions; the generation values are checked
// by the pipeline's own validateParams, and every message names the flag.
import { parseArgs } from 'node:util';
import {
  DEFAULT_PARAMS,
  type GenerationParams,
  ParamError,
  type Sampler,
  SAMPLERS,
  validateParams,
} from '../../protocol/params.ts';
import { messageOf, usageError } from './errors.ts';

export interface GenerateOptions {
  readonly model: string;
  /** Image files or folders of images, as given. */
  readonly images: readonly string[];
  readonly out: string;
  readonly params: GenerationParams;
  /** Which numeric settings were given explicitly (the others are defaults). */
  readonly explicit: ReadonlySet<keyof GenerationParams>;
  readonly initLatents: string | undefined;
  readonly vaeNoise: string | undefined;
  readonly dumpFrames: string | undefined;
}

/** The flag that sets each GenerationParams field. */
export const FLAGS: Readonly<Record<keyof GenerationParams, string>> = {
  prompt: '--prompt',
  negativePrompt: '--negative-prompt',
  width: '--width',
  height: '--height',
  numFrames: '--frames',
  numInferenceSteps: '--steps',
  guidanceScale: '--guidance',
  targetFps: '--target-fps',
  seed: '--seed',
  sampler: '--sampler',
};

const d = DEFAULT_PARAMS;
export const USAGE = `usage: npm run generate -- --model <bundle folder> --image <png|jpeg|webp file or folder>…
       --prompt "…" [--negative-prompt "…"] --out <folder>
       [--width W (${d.width})] [--height H (${d.height})] [--frames F (${d.numFrames})] [--steps N (${d.numInferenceSteps})]
       [--guidance G (${d.guidanceScale})] [--target-fps N (${d.targetFps})] [--seed S (${d.seed})] [--sampler ${SAMPLERS.join('|')} (${d.sampler})]
       [--init-latents <f32 file>] [--vae-noise <f32 file>] [--dump-frames <f32 file>]
Several images or a folder make a batch: one sub-folder of --out per image, named after the file
(and one --dump-frames file per image, with -<name> added).`;

const OPTIONS = {
  model: { type: 'string' },
  image: { type: 'string', multiple: true },
  prompt: { type: 'string' },
  'negative-prompt': { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  frames: { type: 'string' },
  steps: { type: 'string' },
  guidance: { type: 'string' },
  'target-fps': { type: 'string' },
  seed: { type: 'string' },
  sampler: { type: 'string' },
  'init-latents': { type: 'string' },
  'vae-noise': { type: 'string' },
  'dump-frames': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type NumericField = Exclude<keyof GenerationParams, 'prompt' | 'negativePrompt' | 'sampler'>;
const NUMERIC: Readonly<Record<NumericField, keyof typeof OPTIONS>> = {
  width: 'width',
  height: 'height',
  numFrames: 'frames',
  numInferenceSteps: 'steps',
  guidanceScale: 'guidance',
  targetFps: 'target-fps',
  seed: 'seed',
};

/** Parses the arguments; undefined means --help. Throws CliError (exit 2) naming the flag. */
export function parseGenerateArgs(args: readonly string[]): GenerateOptions | undefined {
  const values = parse(args);
  if (values.help) return undefined;
  const { model, image, prompt, out } = values;
  if (model === undefined) throw usageError('--model is required (npm run generate -- --help)');
  if (image === undefined) throw usageError('--image is required (npm run generate -- --help)');
  if (prompt === undefined) throw usageError('--prompt is required (npm run generate -- --help)');
  if (out === undefined) throw usageError('--out is required (npm run generate -- --help)');

  const explicit = new Set<keyof GenerationParams>();
  const numbers: Partial<Record<NumericField, number>> = {};
  for (const [field, flag] of Object.entries(NUMERIC) as [NumericField, keyof typeof OPTIONS][]) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) throw usageError(`--${flag} must be a number, got "${raw}"`);
    numbers[field] = v;
    explicit.add(field);
  }
  const negativePrompt = values['negative-prompt'] ?? DEFAULT_PARAMS.negativePrompt;
  const sampler = (values.sampler ?? DEFAULT_PARAMS.sampler) as Sampler; // validateParams rejects unknown ones
  return {
    model,
    images: image,
    out,
    params: checkParams({ ...DEFAULT_PARAMS, ...numbers, prompt, negativePrompt, sampler }),
    explicit,
    initLatents: values['init-latents'],
    vaeNoise: values['vae-noise'],
    dumpFrames: values['dump-frames'],
  };
}

/** validateParams (at the pipeline's default size multiple; the pipeline checks again for its model). */
export function checkParams(p: GenerationParams): GenerationParams {
  try {
    return validateParams(p);
  } catch (e) {
    throw e instanceof ParamError ? paramUsageError(e) : e;
  }
}

export const paramUsageError = (e: ParamError) => usageError(`${e.field in FLAGS ? FLAGS[e.field as keyof GenerationParams] : e.field}: ${e.message}`);

function parse(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS }).values;
  } catch (e) {
    throw usageError(messageOf(e)); // unknown option, missing value, a positional argument
  }
}
