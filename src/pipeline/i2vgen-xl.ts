// runI2VGenXL: diffusers' I2VGenXLPipeline.__call__ (pipelines/i2vgen_xl/pipeline_i2vgen_xl.py, 0.33.1) in numbered
// steps, on any ModelRunner. Classifier-free guidance runs as one batch [negative, positive] per step.
import { validateParams, type GenerationParams } from '../protocol/params.ts';
import type { EngineWarning } from '../protocol/engine.ts';
import { clipPixelValues, type ClipPreprocessing, vaePixels } from './image-prep.ts';
import { decodeInput, duplicateBatch, frameToRgb, imageLatents } from './latents.ts';
import type { RgbImage } from './pil-resize.ts';
import { randn } from './random.ts';
import { SCHEDULER_STEP_GRAPH, STEP_COEFFICIENTS } from '../graph/models/scheduler-step.ts';
import { disposeValue, float32, type ModelRunner, output, readValue, type RunnerValue, value } from './runner.ts';
import type { SchedulerConfig } from './schedulers/config.ts';
import { createScheduler } from './schedulers/index.ts';
import { stepCoefficients } from './schedulers/plan.ts';
import type { PromptTokenizer } from './tokenize.ts';

export interface PipelineModel {
  readonly tokenizer: PromptTokenizer;
  readonly clip: ClipPreprocessing;
  readonly vae: { readonly scalingFactor: number; readonly latentChannels: number; readonly scaleFactor: number };
  readonly scheduler: SchedulerConfig;
}

export type PipelineStage = 'encode-prompt' | 'encode-image' | 'denoise' | 'decode';

export interface PipelineHooks {
  readonly onProgress?: (e: { stage: PipelineStage; done: number; total: number }) => void;
  readonly onWarning?: (warning: EngineWarning) => void;
  readonly signal?: AbortSignal;
  /** Inject the initial latents [1, C, F, h, w] (conformance, "reuse seed"); default: randn(seed). */
  readonly initLatents?: Float32Array;
  /** Inject the VAE sampling noise ε [1, C, h, w]; default: randn(seed + 1). */
  readonly vaeNoise?: Float32Array;
  /**
   * Sees each intermediate as the reference pipeline names it (conformance tests): prompt_embeds (CFG batch),
   * image_embeddings (CFG batch), image_latents (CFG batch), timesteps, step_<i>/latents (after step i).
   */
  readonly onIntermediate?: (name: string, value: Float32Array | readonly number[]) => void;
  /** Every `previewEvery` denoising steps (0 or absent: never), frame 0 of the predicted clean video, decoded. */
  readonly previewEvery?: number;
  readonly onPreview?: (preview: { step: number; total: number; rgb: Float32Array; width: number; height: number }) => void;
}

export interface PipelineResult {
  /** Per frame, RGB float32 in [0, 1], HWC. */
  readonly frames: Float32Array[];
  readonly width: number;
  readonly height: number;
}

export async function runI2VGenXL(
  runner: ModelRunner,
  model: PipelineModel,
  image: RgbImage,
  params: GenerationParams,
  hooks: PipelineHooks = {},
): Promise<PipelineResult> {
  const p = validateParams(params, Math.max(8, model.vae.scaleFactor)); // both powers of two
  const progress = hooks.onProgress ?? (() => {});
  const check = () => hooks.signal?.throwIfAborted();
  const { latentChannels: c, scalingFactor, scaleFactor } = model.vae;
  const h = p.height / scaleFactor;
  const w = p.width / scaleFactor;
  const frames = p.numFrames;

  // 1. Prompt embeddings: [negative, positive], each the penultimate CLIP layer + final LayerNorm.
  progress({ stage: 'encode-prompt', done: 0, total: 1 });
  const positive = model.tokenizer.encode(p.prompt);
  const negative = model.tokenizer.encode(p.negativePrompt);
  const tokens = model.tokenizer.length;
  if (positive.truncated) hooks.onWarning?.({ code: 'prompt-truncated', tokens, message: `the prompt is longer than ${tokens} tokens and was cut` });
  if (negative.truncated) hooks.onWarning?.({ code: 'negative-prompt-truncated', tokens, message: `the negative prompt is longer than ${tokens} tokens and was cut` });
  const ids = new BigInt64Array(2 * model.tokenizer.length);
  ids.set(negative.ids, 0);
  ids.set(positive.ids, model.tokenizer.length);
  const text = await runner.run('text_encoder', { input_ids: { data: ids, dims: [2, model.tokenizer.length] } });
  const promptEmbeds = output(text, 'text_encoder', 'prompt_embeds');
  const seen = hooks.onIntermediate ?? (() => {});
  seen('prompt_embeds', promptEmbeds);
  progress({ stage: 'encode-prompt', done: 1, total: 1 });
  check();

  // 2. Image embedding: crop-wide to a square, CLIP; the negative image embedding is zeros.
  progress({ stage: 'encode-image', done: 0, total: 2 });
  const s = model.clip.size;
  const clip = await runner.run('image_encoder', { pixel_values: float32(clipPixelValues(image, p.width, model.clip), [1, 3, s, s]) });
  const imageEmbeds = output(clip, 'image_encoder', 'image_embeds');
  const imageEmbeddings = new Float32Array(2 * imageEmbeds.length);
  imageEmbeddings.set(imageEmbeds, imageEmbeds.length);
  seen('image_embeddings', imageEmbeddings);
  progress({ stage: 'encode-image', done: 1, total: 2 });
  check();

  // 3. Image latents: VAE mean + std·ε, scaled, at frame 0; frame-position maps after it; duplicated for CFG.
  const enc = await runner.run('vae_encoder', { sample: float32(vaePixels(image, p.width, p.height), [1, 3, p.height, p.width]) });
  const noise = hooks.vaeNoise ?? randn(c * h * w, (p.seed + 1) >>> 0);
  const conditioning = duplicateBatch(
    imageLatents(output(enc, 'vae_encoder', 'latent_mean'), output(enc, 'vae_encoder', 'latent_std'), noise, c, frames, scalingFactor),
  );
  seen('image_latents', conditioning);
  progress({ stage: 'encode-image', done: 2, total: 2 });
  check();

  // 4. Timesteps, fps micro-condition, initial latents (init_noise_sigma is 1 for DDIM and DPM-Solver++).
  const scheduler = createScheduler(p.sampler, model.scheduler);
  const timesteps = scheduler.setTimesteps(p.numInferenceSteps);
  seen('timesteps', timesteps);
  const initial = hooks.initLatents ?? randn(c * frames * h * w, p.seed);
  if (initial.length !== c * frames * h * w) throw new Error(`initLatents must have ${c * frames * h * w} values, got ${initial.length}`);
  const video = [2, c, frames, h, w];
  const single = [1, c, frames, h, w];
  const fps = Float32Array.of(p.targetFps, p.targetFps);
  const feeds = {
    fps: float32(fps, [2]),
    image_latents: float32(conditioning, video),
    image_embeddings: float32(imageEmbeddings, [2, 1, imageEmbeds.length]),
    encoder_hidden_states: float32(promptEmbeds, [2, model.tokenizer.length, promptEmbeds.length / 2 / model.tokenizer.length]),
  };

  // 5. Denoising loop: UNet on the CFG batch, then guidance + scheduler update in the scheduler-step graph, so the
  //    latents stay wherever the runner keeps them (the GPU in the browser); only scalars cross per step.
  let pair: RunnerValue = float32(duplicateBatch(initial), video);
  let current: RunnerValue = float32(initial, single);
  let previousX0: RunnerValue = float32(new Float32Array(initial.length), single);
  let latents: Float32Array;
  try {
    for (let i = 0; i < timesteps.length; i++) {
      check();
      const t = timesteps[i]!;
      const out = await runner.run('unet', { ...feeds, sample: pair, timestep: float32(Float32Array.of(t, t), [2]) });
      const noisePred = value(out, 'unet', 'noise_pred');
      const coefficients = float32(stepCoefficients(scheduler.plan(t), p.guidanceScale), [STEP_COEFFICIENTS.length]);
      const step = await runner.run(SCHEDULER_STEP_GRAPH, { noise_pred: noisePred, sample: current, previous_x0: previousX0, coefficients });
      for (const v of [noisePred, pair, current, previousX0]) disposeValue(v);
      pair = value(step, SCHEDULER_STEP_GRAPH, 'sample_pair');
      current = value(step, SCHEDULER_STEP_GRAPH, 'latents');
      previousX0 = value(step, SCHEDULER_STEP_GRAPH, 'x0');
      if (hooks.onIntermediate) seen(`step_${i}/latents`, await readValue(current));
      if (hooks.onPreview && hooks.previewEvery && (i + 1) % hooks.previewEvery === 0 && i + 1 < timesteps.length) {
        const x0 = await readValue(previousX0);
        const dec = await runner.run('vae_decoder', { latent: float32(decodeInput(x0, c, frames, 0, scalingFactor), [1, c, h, w]) });
        hooks.onPreview({ step: i + 1, total: timesteps.length, rgb: frameToRgb(output(dec, 'vae_decoder', 'sample'), p.width, p.height), width: p.width, height: p.height });
      }
      progress({ stage: 'denoise', done: i + 1, total: timesteps.length });
    }
    latents = await readValue(current);
  } finally {
    for (const v of [pair, current, previousX0]) disposeValue(v);
  }

  // 6. Decode frame by frame; clamp(x / 2 + 0.5, 0, 1).
  const result: Float32Array[] = [];
  for (let f = 0; f < frames; f++) {
    check();
    const dec = await runner.run('vae_decoder', { latent: float32(decodeInput(latents, c, frames, f, scalingFactor), [1, c, h, w]) });
    result.push(frameToRgb(output(dec, 'vae_decoder', 'sample'), p.width, p.height));
    progress({ stage: 'decode', done: f + 1, total: frames });
  }
  return { frames: result, width: p.width, height: p.height };
}
