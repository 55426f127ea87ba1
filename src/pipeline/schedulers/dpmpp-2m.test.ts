// DPM-Solver++(2M) (DPMSolverMultistepScheduler on the pinned I2VGen-XL config): diffusers' timesteps and sigmas,
// exactness on an oracle model, second-order convergence, and 25 steps against 50 DDIM steps on the tiny fixture.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderReader, folderWriter } from '../../cli/folder-io.ts';
import { OrtNodeRunner } from '../../cli/ort-node-runner.ts';
import { convertCheckpoint } from '../../store/bundle/convert.ts';
import { parseManifest } from '../../store/bundle/manifest.ts';
import { FIXTURE_DIR, goldenFloat32, goldenIndex, maxAbsDiff } from '../../testing/fixtures.ts';
import { decodeInput, duplicateBatch, frameToRgb, guide } from '../latents.ts';
import { randn } from '../random.ts';
import { float32, type ModelRunner, output } from '../runner.ts';
import { parseSchedulerConfig } from './config.ts';
import { DdimScheduler } from './ddim.ts';
import { DpmSolverMultistepScheduler } from './dpmpp-2m.ts';
import { createScheduler, type Scheduler } from './index.ts';

const config = parseSchedulerConfig(JSON.parse(readFileSync(join(FIXTURE_DIR, 'scheduler/scheduler_config.json'), 'utf8')));

/** VP coefficients of a VE sigma: α = 1/√(σ² + 1), σ_t = σ·α; λ = log(α/σ_t) = −log σ. */
const vp = (sigma: number) => ({ alpha: 1 / Math.sqrt(sigma * sigma + 1), sigmaT: sigma / Math.sqrt(sigma * sigma + 1) });

describe('DPM-Solver++(2M) scheduler (pinned I2VGen-XL config)', () => {
  it('gives the diffusers timesteps for 25 steps', () => {
    // set_timesteps, timestep_spacing "leading": lambda_min_clipped = −inf clips nothing, so last_timestep = 1000;
    // step_ratio = 1000 // (25 + 1) = 38; (arange(0, 26) · 38)[::-1][:-1] = 950, 912, …, 38; + steps_offset 1.
    // (DDIM uses 1000 // 25 = 40 and keeps 0: 961 … 1. DPM-Solver never visits t = 999 with this spacing.)
    const expected = [951, 913, 875, 837, 799, 761, 723, 685, 647, 609, 571, 533, 495, 457, 419, 381, 343, 305, 267, 229, 191, 153, 115, 77, 39];
    expect(new DpmSolverMultistepScheduler(config).setTimesteps(25)).toEqual(expected);
    expect(new DpmSolverMultistepScheduler(config).setTimesteps(50)).toEqual(Array.from({ length: 50 }, (_, i) => 19 * (50 - i) + 1));
  });

  it('keeps the last sigma finite (alphas_cumprod[-1] = 2**-24) and ends the sigmas at zero', () => {
    const s = new DpmSolverMultistepScheduler(config);
    expect(s.schedule.alphasCumprod[999]).toBe(0); // the shared schedule is untouched
    expect(s.alphasCumprod[999]).toBe(2 ** -24);
    expect(s.trainSigmas[999]).toBe(Math.fround(Math.sqrt(2 ** 24 - 1)));
    const timesteps = s.setTimesteps(25);
    expect(s.sigmas).toHaveLength(26);
    expect(Array.from(s.sigmas.subarray(0, 25))).toEqual(timesteps.map((t) => s.trainSigmas[t]));
    expect(s.sigmas[25]).toBe(0);
    expect(s.initNoiseSigma).toBe(1);
  });

  it('follows the exact trajectory α·x₀ + σ·ε when the model predicts the true v, and returns x₀', () => {
    const n = 4096;
    const x0 = randn(n, 1);
    const noise = randn(n, 2);
    const s = new DpmSolverMultistepScheduler(config);
    const timesteps = s.setTimesteps(25);
    const onTrajectory = (sigma: number) => {
      const { alpha, sigmaT } = vp(sigma);
      return x0.map((x, k) => alpha * x + sigmaT * noise[k]!);
    };
    // The first timestep is 951, not 999, so "pure noise" starts on the trajectory there (α ≈ 0.075).
    let sample: Float32Array = onTrajectory(s.sigmas[0]!);
    let worst = 0;
    timesteps.forEach((t, i) => {
      const { alpha, sigmaT } = vp(s.trainSigmas[t]!);
      sample = s.step(x0.map((x, k) => alpha * noise[k]! - sigmaT * x), t, sample);
      if (i < timesteps.length - 1) worst = Math.max(worst, maxAbsDiff(sample, onTrajectory(s.sigmas[i + 1]!)));
    });
    console.log(`[dpmpp] exact v: max |x_t − (α·x₀ + σ·ε)| = ${worst.toExponential(2)}, max |x − x₀| = ${maxAbsDiff(sample, x0).toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    expect(maxAbsDiff(sample, x0)).toBeLessThan(1e-4);
  });

  it('recovers x₀ from pure noise when the model always points at x₀', () => {
    const x0 = randn(1024, 3);
    let sample = randn(1024, 4);
    const s = new DpmSolverMultistepScheduler(config);
    for (const t of s.setTimesteps(10)) {
      // v such that x̂₀ = α·x − σ_t·v = x₀ for the current sample.
      const { alpha, sigmaT } = vp(s.trainSigmas[t]!);
      sample = s.step(sample.map((x, k) => (alpha * x - x0[k]!) / sigmaT), t, sample);
    }
    expect(maxAbsDiff(sample, x0)).toBeLessThan(1e-4);
  });

  it('is second order: on a model whose x̂₀ drifts with λ, halving the step cuts the error more than 3×', () => {
    // x̂₀(λ) = a·(1 + ½ sin λ) + 0.3·b·cos λ; the ODE solution is x(λ) = σ_t(λ)·(b + E(λ)), E' = e^λ·x̂₀(λ).
    const n = 64;
    const a = Float64Array.from({ length: n }, (_, k) => Math.sin(1.3 * k));
    const b = Float64Array.from({ length: n }, (_, k) => Math.cos(0.7 * k + 1));
    const denoised = (l: number, k: number) => a[k]! * (1 + 0.5 * Math.sin(l)) + 0.3 * b[k]! * Math.cos(l);
    const antiderivative = (l: number, k: number) =>
      Math.exp(l) * (a[k]! * (1 + (Math.sin(l) - Math.cos(l)) / 4) + (0.3 * b[k]! * (Math.sin(l) + Math.cos(l))) / 2);
    const exact = (sigma: number) => Float32Array.from({ length: n }, (_, k) => vp(sigma).sigmaT * (b[k]! + antiderivative(-Math.log(sigma), k)));
    // The leading grids for 12 and 25 steps (76·k + 1, 38·k + 1) both visit t = 457; first order: a fresh scheduler
    // per step is DPM-Solver++ 1 (DDIM) on the same grid.
    const target = 457;
    const errorAtTarget = (numInferenceSteps: number, order: 1 | 2) => {
      let s = new DpmSolverMultistepScheduler(config);
      const timesteps = s.setTimesteps(numInferenceSteps);
      let sample: Float32Array = exact(s.trainSigmas[timesteps[0]!]!);
      for (const t of timesteps.filter((t) => t > target)) {
        if (order === 1) (s = new DpmSolverMultistepScheduler(config)).setTimesteps(numInferenceSteps);
        const sigma = s.trainSigmas[t]!;
        const { alpha, sigmaT } = vp(sigma);
        sample = s.step(sample.map((x, k) => (alpha * x - denoised(-Math.log(sigma), k)) / sigmaT), t, sample);
      }
      return maxAbsDiff(sample, exact(s.trainSigmas[target]!));
    };
    const [first12, first25, second12, second25] = [errorAtTarget(12, 1), errorAtTarget(25, 1), errorAtTarget(12, 2), errorAtTarget(25, 2)];
    const e = (x: number) => x.toExponential(2);
    console.log(`[dpmpp] error at t=${target}, 12 → 25 steps: order 1: ${e(first12)} → ${e(first25)}; 2M: ${e(second12)} → ${e(second25)}`);
    expect(first12 / first25).toBeLessThan(3);
    expect(second12 / second25).toBeGreaterThan(3);
    expect(second25 * 5).toBeLessThan(first25);
  });

  it('starts over on setTimesteps and refuses steps past the end', () => {
    const s = new DpmSolverMultistepScheduler(config);
    const sample = randn(64, 5);
    const run = () => s.setTimesteps(3).reduce((x, t, i) => s.step(randn(64, 10 + i), t, x), sample);
    const first = run();
    expect(run()).toEqual(first);
    expect(() => s.step(sample, 1, sample)).toThrow(/call setTimesteps/);
    expect(() => new DpmSolverMultistepScheduler(config).step(sample, 1, sample)).toThrow(/call setTimesteps before step/);
    expect(() => s.setTimesteps(0)).toThrow(/numInferenceSteps must be an integer in 1..1000, got 0/);
  });

  it('createScheduler gives either kind behind one interface', () => {
    expect(createScheduler('ddim', config)).toBeInstanceOf(DdimScheduler);
    expect(createScheduler('dpmpp', config)).toBeInstanceOf(DpmSolverMultistepScheduler);
    expect(createScheduler('dpmpp', config).setTimesteps(25)).toHaveLength(25);
  });
});

// The denoising loop of runI2VGenXL (step 5) and its decode (step 6), on the golden conditioning.
const call = goldenIndex().meta.pipeline_call as Record<string, number>;

async function denoise(runner: ModelRunner, scheduler: Scheduler, numInferenceSteps: number): Promise<Float32Array> {
  const promptEmbeds = goldenFloat32('pipeline/prompt_embeds_cfg');
  const imageEmbeddings = goldenFloat32('pipeline/image_embeddings_cfg');
  const imageLatents = goldenFloat32('pipeline/image_latents'); // [2, C, F, h, w]
  const video = imageLatents.shape;
  const fps = Float32Array.of(call.target_fps!, call.target_fps!);
  let latents = goldenFloat32('pipeline/latents_in').data;
  for (const t of scheduler.setTimesteps(numInferenceSteps)) {
    const out = await runner.run('unet', {
      sample: float32(duplicateBatch(latents), video),
      timestep: float32(Float32Array.of(t, t), [2]),
      fps: float32(fps, [2]),
      image_latents: float32(imageLatents.data, video),
      image_embeddings: float32(imageEmbeddings.data, imageEmbeddings.shape),
      encoder_hidden_states: float32(promptEmbeds.data, promptEmbeds.shape),
    });
    latents = scheduler.step(guide(output(out, 'unet', 'noise_pred'), call.guidance_scale!), t, latents);
  }
  return latents;
}

/** All frames of [1, C, F, h, w] latents as RGB in [0, 1], concatenated. */
async function decode(runner: ModelRunner, latents: Float32Array, scalingFactor: number): Promise<Float32Array> {
  const [, channels, frames, h, w] = goldenFloat32('pipeline/latents_in').shape as [number, number, number, number, number];
  const plane = call.width! * call.height! * 3;
  const result = new Float32Array(frames * plane);
  for (let f = 0; f < frames; f++) {
    const dec = await runner.run('vae_decoder', { latent: float32(decodeInput(latents, channels, frames, f, scalingFactor), [1, channels, h, w]) });
    result.set(frameToRgb(output(dec, 'vae_decoder', 'sample'), call.width!, call.height!), f * plane);
  }
  return result;
}

function compare(a: Float32Array, b: Float32Array): { maxAbs: number; rms: number } {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return { maxAbs: maxAbsDiff(a, b), rms: Math.sqrt(sum / a.length) };
}

describe('DPM-Solver++(2M) in the denoising loop of the tiny fixture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localmotion-dpmpp-'));
  let runner: OrtNodeRunner | undefined;
  afterAll(async () => {
    await runner?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lands near 50 DDIM steps after 25 steps (random weights: a sanity bound, not a quality claim)', async () => {
    await convertCheckpoint(folderReader(FIXTURE_DIR), folderWriter(dir), { precision: 'fp32', id: 'fixture' });
    runner = new OrtNodeRunner(dir, parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    const { scaling_factor: scalingFactor } = (goldenIndex().meta.configs as { vae: { scaling_factor: number } }).vae;
    const runs = {
      ddim50: await denoise(runner, createScheduler('ddim', config), 50),
      dpmpp25: await denoise(runner, createScheduler('dpmpp', config), 25),
      ddim25: await denoise(runner, createScheduler('ddim', config), 25),
    };
    const frames50 = await decode(runner, runs.ddim50, scalingFactor);
    console.log(`[dpmpp] ddim50 latents rms ${compare(runs.ddim50, new Float32Array(runs.ddim50.length)).rms.toExponential(2)}`);
    for (const [name, latents] of Object.entries(runs).slice(1)) {
      const l = compare(latents, runs.ddim50);
      const pixels = compare(await decode(runner, latents, scalingFactor), frames50);
      const psnr = 10 * Math.log10(1 / pixels.rms ** 2);
      console.log(
        `[dpmpp] ${name} vs ddim50: latents max ${l.maxAbs.toExponential(2)} rms ${l.rms.toExponential(2)}; ` +
          `frames max ${pixels.maxAbs.toExponential(2)} rms ${pixels.rms.toExponential(2)} PSNR ${psnr.toFixed(1)} dB`,
      );
      expect(latents.every(Number.isFinite)).toBe(true);
      expect(psnr).toBeGreaterThan(10);
    }
  }, 300_000);
});
