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
const testImage = (): RgbImage => {
  const e = goldenIndex().tensors['image/test_image_u8']!;
  return { width: e.shape[1]!, height: e.shape[0]!, data: new Uint8Array(readFileSync(join(FIXTURE_DIR, e.file))) };
};

describe('runI2VGenXL on the golden pipeline call', () => {
  it('tokenizes the prompts as the reference did', () => {
    expect(model.tokenizer.encode(call.prompt as string).ids).toEqual(goldenInt64('pipeline/prompt_input_ids').data);
    expect(model.tokenizer.encode(call.negative_prompt as string).ids).toEqual(goldenInt64('pipeline/negative_prompt_input_ids').data);
  });

  it('produces the reference frames', async () => {
    const stages: string[] = [];
    const result = await runI2VGenXL(
      runner,
      model,
      testImage(),
      {
        prompt: call.prompt as string,
        negativePrompt: call.negative_prompt as string,
        width: call.width as number,
        height: call.height as number,
        numFrames: call.num_frames as number,
        numInferenceSteps: call.num_inference_steps as number,
        guidanceScale: call.guidance_scale as number,
        targetFps: call.target_fps as number,
        seed: 0,
      },
      {
        initLatents: goldenFloat32('pipeline/latents_in').data,
        vaeNoise: goldenFloat32('pipeline/vae_sample_noise').data,
        onProgress: (e) => stages.push(`${e.stage} ${e.done}/${e.total}`),
      },
    );
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
