// `npm run generate` as a child process on the fixture bundle (fp32): the golden pipeline call with the reference's
// injected noise reproduces diffusers' frames; a batch makes one sub-folder per image; bad inputs fail with one line
// naming the file or the flag.
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertCheckpoint } from '../store/bundle/convert.ts';
import { FIXTURE_DIR, goldenFloat32, goldenIndex, maxAbsDiff } from '../testing/fixtures.ts';
import { folderReader, folderWriter } from './folder-io.ts';
import { toUint8 } from './generate/images.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'localmotion-generate-'));
const bundle = join(tmp, 'bundle');
const image = join(tmp, 'test_image.png');
const latents = join(tmp, 'latents_in.f32');
const vaeNoise = join(tmp, 'vae_sample_noise.f32');

beforeAll(async () => {
  await convertCheckpoint(folderReader(FIXTURE_DIR), folderWriter(bundle), { precision: 'fp32', id: 'fixture' });
  copyFileSync(join(FIXTURE_DIR, 'golden/test_image.png'), image);
  writeFileSync(latents, goldenFloat32('pipeline/latents_in').data);
  writeFileSync(vaeNoise, goldenFloat32('pipeline/vae_sample_noise').data);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function generate(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/generate.ts', ...args], { cwd: repoRoot }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const call = goldenIndex().meta.pipeline_call as Record<string, number | string>;
const goldenSettings = [
  '--prompt', String(call.prompt), '--negative-prompt', String(call.negative_prompt),
  '--width', String(call.width), '--height', String(call.height), '--frames', String(call.num_frames),
  '--steps', String(call.num_inference_steps), '--guidance', String(call.guidance_scale), '--target-fps', String(call.target_fps),
]; // prettier-ignore
const small = ['--width', '32', '--height', '32', '--frames', '2', '--steps', '1'];
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;

describe('generate on the golden pipeline call', () => {
  const out = join(tmp, 'golden-out');
  const dump = join(tmp, 'frames.f32');
  let run: Run;
  beforeAll(async () => {
    const noise = ['--init-latents', latents, '--vae-noise', vaeNoise];
    run = await generate('--model', bundle, '--image', image, ...goldenSettings, ...noise, '--dump-frames', dump, '--out', out);
  }, 120_000);

  it('exits 0 and dumps the reference frames', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ref = goldenFloat32('pipeline/frames'); // [1, F, H, W, 3]
    const bytes = readFileSync(dump);
    const frames = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const worst = maxAbsDiff(frames, ref.data);
    console.log(`[generate] max |dumped frames − reference| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-3);
  });

  it('writes one 32×32 PNG per frame, rounded as numpy_to_pil does', async () => {
    const ref = goldenFloat32('pipeline/frames');
    const plane = ref.data.length / ref.shape[1]!;
    for (let f = 0; f < ref.shape[1]!; f++) {
      const { data, info } = await sharp(join(out, `frame-00${f}.png`)).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([32, 32, 3]);
      expect(maxAbsDiff(data, toUint8(ref.data.subarray(f * plane, (f + 1) * plane)))).toBeLessThanOrEqual(1);
    }
    expect(existsSync(join(out, 'frame-003.png'))).toBe(false);
  });

  it('writes metadata.json with every setting, the bundle and stage timings', () => {
    const m = json(join(out, 'metadata.json'));
    expect(m.settings).toMatchObject({
      prompt: call.prompt, negativePrompt: call.negative_prompt, width: 32, height: 32, numFrames: 3, numInferenceSteps: 3,
      guidanceScale: 9, targetFps: 16, seed: 0, sampler: 'ddim', initLatents: latents, vaeNoise,
    }); // prettier-ignore
    expect(m.bundle).toMatchObject({ id: 'fixture', precision: 'fp32' });
    expect(Object.keys(m.timingsMs!)).toEqual(['encode-prompt', 'encode-image', 'denoise', 'decode']);
    expect(m.totalMs).toBeGreaterThan(0);
    expect(m.warnings).toEqual([]);
  });
});

describe('generate batches', () => {
  it('makes one sub-folder per image of a 2-image batch', async () => {
    const jpeg = join(tmp, 'second.jpg');
    await sharp(image).jpeg().toFile(jpeg);
    const out = join(tmp, 'batch-out');
    const run = await generate('--model', bundle, '--image', image, '--image', jpeg, '--prompt', 'a squirrel', ...small, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const name of ['test_image', 'second']) {
      expect(existsSync(join(out, name, 'frame-001.png'))).toBe(true);
      expect(json(join(out, name, 'metadata.json')).settings).toMatchObject({ numFrames: 2, seed: 0, negativePrompt: '' });
    }
  });
});

describe('generate rejects bad input with one line naming it', () => {
  const out = join(tmp, 'o');
  const bad = join(tmp, 'x.png');
  const missing = join(tmp, 'no-bundle');
  const broken = join(tmp, 'broken-bundle');
  const base = (model = bundle, img = image) => ['--model', model, '--image', img, '--prompt', 'a', '--out', out];
  const cases = {
    unreadable: () => generate(...base(bundle, bad)),
    missingBundle: () => generate(...base(missing)),
    brokenBundle: () => generate(...base(broken)),
    oneFrame: () => generate(...base(), '--frames', '1'),
    shortLatents: () => generate(...base(), ...small, '--init-latents', vaeNoise),
    sampler: () => generate(...base(), '--sampler', 'euler'),
  };
  const runs = new Map<keyof typeof cases, Run>();
  beforeAll(async () => {
    writeFileSync(bad, 'not an image');
    cpSync(bundle, broken, { recursive: true });
    rmSync(join(broken, 'unet.onnx'));
    // Each run fails before the pipeline starts: run them side by side (node + tsx start-up dominates).
    await Promise.all(Object.entries(cases).map(async ([k, run]) => runs.set(k as keyof typeof cases, await run())));
  }, 120_000);

  const expectFailure = (name: keyof typeof cases, code: number, ...parts: string[]) => {
    const run = runs.get(name)!;
    expect(run.code).toBe(code);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const part of parts) expect(lines[0]).toContain(part);
  };

  it('rejects an unreadable image', () => expectFailure('unreadable', 1, bad));
  it('rejects a missing bundle folder', () => expectFailure('missingBundle', 1, missing));
  it('rejects a bundle with a file missing', () => expectFailure('brokenBundle', 1, join(broken, 'unet.onnx'), 'missing'));
  it('rejects --frames 1 naming frames', () => expectFailure('oneFrame', 2, '--frames', 'got 1'));
  it('rejects an --init-latents file of the wrong size', () =>
    expectFailure('shortLatents', 1, '--init-latents', vaeNoise, `${4 * 4 * 2 * 32 * 32} bytes`));
  it('rejects an unknown sampler', () => expectFailure('sampler', 2, '--sampler', 'euler'));
  it('creates no output folder when it fails', () => expect(existsSync(out)).toBe(false));
});
