// runI2VGenXL equals diffusers' I2VGenXLPipeline on the golden call (tiny fixture, fp32, onnxruntime-node) with the
// reference's initial latents and VAE sampling noise injected: prompt embeddings, the output frames, progress.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderReader, folderWriter } from '../cli/folder-io.ts';
import { OrtNodeRunner } from '../cli/ort-node-runner.ts';
import { convertCheckpoint } from '../store/bundle/convert.ts';
import { parseManifest } from '../store/bundle/manifest.ts';
import { FIXTURE_DIR, goldenFloat32, goldenIndex, goldenInt64, maxAbsDiff } from '../testing/fixtures.ts';
import type { EngineWarning } from '../protocol/engine.ts';
import type { GenerationParams } from '../protocol/params.ts';
import { runI2VGenXL, type PipelineModel } from './i2vgen-xl.ts';
import { loadPipelineModel } from './model.ts';
import type { RgbImage } from './pil-resize.ts';

const dir = mkdtempSync(join(tmpdir(), 'localmotion-pipeline-'));
let runner: OrtNodeRunner;
let model: PipelineModel;

beforeAll(async () => {
  await convertCheckpoint(folderReader(FIXTURE_DIR), folderWriter(dir), { precision: 'fp32', id: 'fixture' });
  runner = new OrtNodeRunner(dir, parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  model = await loadPipelineModel((p) => readFile(join(dir, p), 'utf8'));
}, 120_000);
afterAll(async () => {
  await runner.release();
  rmSync(dir, { recursive: true, force: true });
});

const call = goldenIndex().meta.pipeline_call as Record<string, number | string>;
const goldenParams = (): GenerationParams => ({
  prompt: call.prompt as string,
  negativePrompt: call.negative_prompt as string,
  width: call.width as number,
  height: call.height as number,
  numFrames: call.num_frames as number,
  numInferenceSteps: call.num_inference_steps as number,
  guidanceScale: call.guidance_scale as number,
  targetFps: call.target_fps as number,
  seed: 0,
  sampler: 'ddim',
});
const testImage = (): RgbImage => {
  const e = goldenIndex().tensors['image/test_image_u8']!;
  return { width: e.shape[1]!, height: e.shape[0]!, data: new Uint8Array(readFileSync(join(FIXTURE_DIR, e.file))) };
};

describe('runI2VGenXL on the golden pipeline call', () => {
  it('tokenizes the prompts as the reference did', () => {
    expect(model.tokenizer.encode(call.prompt as string).ids).toEqual(goldenInt64('pipeline/prompt_input_ids').data);
    expect(model.tokenizer.encode(call.negative_prompt as string).ids).toEqual(goldenInt64('pipeline/negative_prompt_input_ids').data);
  });

  it('produces the reference intermediates and frames', async () => {
    const stages: string[] = [];
    const seen = new Map<string, Float32Array | readonly number[]>();
    const result = await runI2VGenXL(runner, model, testImage(), goldenParams(), {
      initLatents: goldenFloat32('pipeline/latents_in').data,
      vaeNoise: goldenFloat32('pipeline/vae_sample_noise').data,
      onProgress: (e) => stages.push(`${e.stage} ${e.done}/${e.total}`),
      onIntermediate: (name, value) => seen.set(name, value),
    });
    const near = (name: string, golden: string, tolerance: number) => {
      const err = maxAbsDiff(seen.get(name) as Float32Array, goldenFloat32(golden).data);
      expect(err, `${name}: ${err}`).toBeLessThanOrEqual(tolerance);
    };
    near('prompt_embeds', 'pipeline/prompt_embeds_cfg', 1e-5);
    near('image_embeddings', 'pipeline/image_embeddings_cfg', 1e-5);
    near('image_latents', 'pipeline/image_latents', 1e-5);
    expect(seen.get('timesteps')).toEqual(Array.from(goldenInt64('pipeline/timesteps').data, Number));
    for (let i = 0; i < (call.num_inference_steps as number); i++) near(`step_${i}/latents`, `pipeline/step_${i}/latents_after`, 1e-4);
    const ref = goldenFloat32('pipeline/frames'); // [1, F, H, W, 3]
    const frames = ref.shape[1]!;
    expect(result.frames).toHaveLength(frames);
    const plane = ref.data.length / frames;
    let worst = 0;
    result.frames.forEach((f, i) => (worst = Math.max(worst, maxAbsDiff(f, ref.data.subarray(i * plane, (i + 1) * plane)))));
    console.log(`[pipeline] max |frames − reference| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    expect(stages).toContain('denoise 3/3');
    expect(stages.at(-1)).toBe(`decode ${frames}/${frames}`);
  });
});

describe('runI2VGenXL behaviour', () => {
  it('gives bit-identical frames for the same seed, and different ones for another seed', async () => {
    const run = (seed: number) => runI2VGenXL(runner, model, testImage(), { ...goldenParams(), seed, numInferenceSteps: 2 });
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a.frames).toEqual(b.frames);
    expect(maxAbsDiff(a.frames[0]!, c.frames[0]!)).toBeGreaterThan(0);
  });

  it('stops at the step where it is cancelled: no further model calls, the error is an AbortError', async () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const counting = { run: (graph: Parameters<OrtNodeRunner['run']>[0], feeds: Parameters<OrtNodeRunner['run']>[1]) => (calls.push(graph), runner.run(graph, feeds)) };
    const run = runI2VGenXL(counting, model, testImage(), { ...goldenParams(), numInferenceSteps: 5 }, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.stage === 'denoise' && e.done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls.filter((g) => g === 'unet')).toHaveLength(2);
    expect(calls).not.toContain('vae_decoder');
    // the runner is still usable afterwards
    const again = await runI2VGenXL(runner, model, testImage(), { ...goldenParams(), numInferenceSteps: 1 });
    expect(again.frames).toHaveLength(call.num_frames as number);
  });

  it('warns, and cuts at 77 tokens, for a prompt that is too long', async () => {
    const warnings: EngineWarning[] = [];
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    await runI2VGenXL(runner, model, testImage(), { ...goldenParams(), prompt: long, numInferenceSteps: 1 }, { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([{ code: 'prompt-truncated', tokens: 77, message: 'the prompt is longer than 77 tokens and was cut' }]);
    const { ids, truncated } = model.tokenizer.encode(long);
    const empty = model.tokenizer.encode('').ids; // [start, end, pad, …]
    expect(truncated).toBe(true);
    expect([ids[0], ids[76]]).toEqual([empty[0], empty[1]]); // starts with start-of-text, ends with end-of-text
  });

  it('runs with the DPM-Solver++ sampler', async () => {
    const stages: string[] = [];
    const r = await runI2VGenXL(runner, model, testImage(), { ...goldenParams(), sampler: 'dpmpp', numInferenceSteps: 4 }, { onProgress: (e) => stages.push(`${e.stage} ${e.done}/${e.total}`) });
    expect(stages).toContain('denoise 4/4');
    expect(r.frames.every((f) => f.every(Number.isFinite))).toBe(true);
  });

  it('rejects an injected latent of the wrong size, naming it', async () => {
    await expect(
      runI2VGenXL(runner, model, testImage(), goldenParams(), { initLatents: new Float32Array(5) }),
    ).rejects.toThrow(/initLatents must have 12288 values, got 5/);
  });
});
