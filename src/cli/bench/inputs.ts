// Seeded UNet inputs for one denoising step with classifier-free guidance, written as raw float32 files that every
// runtime (Node, wasm in Node, the WebGPU page over HTTP) reads the same way.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randn } from '../../pipeline/random.ts';
import type { InputSize } from './configs.ts';

export interface InputFile {
  readonly name: string;
  /** float32 unless said (token ids are int64). */
  readonly type?: 'float32' | 'int64';
  readonly shape: number[];
  /** Relative to the inputs folder. */
  readonly file: string;
}

/** Diffusers' I2VGen-XL defaults: t = 667 is step 12 of 50 over 1000 train steps, fps 16; 77 CLIP tokens. */
const TIMESTEP = 667;
const FPS = 16;
const TEXT_TOKENS = 77;

export async function writeInputs(dir: string, s: InputSize, crossAttentionDim: number, seed = 42): Promise<InputFile[]> {
  const video = [s.batch, 4, s.frames, s.height, s.width];
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const normal = (shape: number[], offset: number) => randn(size(shape), (seed + offset) >>> 0);
  const filled = (shape: number[], value: number) => new Float32Array(size(shape)).fill(value);
  const tensors: [string, number[], Float32Array][] = [
    ['sample', video, normal(video, 0)],
    ['timestep', [s.batch], filled([s.batch], TIMESTEP)],
    ['fps', [s.batch], filled([s.batch], FPS)],
    ['image_latents', video, normal(video, 1)],
    ['image_embeddings', [s.batch, 1, crossAttentionDim], normal([s.batch, 1, crossAttentionDim], 2)],
    ['encoder_hidden_states', [s.batch, TEXT_TOKENS, crossAttentionDim], normal([s.batch, TEXT_TOKENS, crossAttentionDim], 3)],
  ];
  await mkdir(dir, { recursive: true });
  const files: InputFile[] = [];
  for (const [name, shape, data] of tensors) {
    await writeFile(join(dir, `${name}.bin`), new Uint8Array(data.buffer));
    files.push({ name, shape, file: `${name}.bin` });
  }
  return files;
}
