// Seeded UNet inputs for one denoising step with classifier-free guidance, written as raw float32 files that every
// runtime (Node, wasm in Node, the WebGPU page over HTTP) reads the same way.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputSize } from './configs.ts';

export interface InputFile {
  readonly name: string;
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
  const normal = gaussian(seed);
  const filled = (shape: number[], value: () => number) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, value);
  const tensors: [string, number[], Float32Array][] = [
    ['sample', video, filled(video, normal)],
    ['timestep', [s.batch], filled([s.batch], () => TIMESTEP)],
    ['fps', [s.batch], filled([s.batch], () => FPS)],
    ['image_latents', video, filled(video, normal)],
    ['image_embeddings', [s.batch, 1, crossAttentionDim], filled([s.batch, 1, crossAttentionDim], normal)],
    ['encoder_hidden_states', [s.batch, TEXT_TOKENS, crossAttentionDim], filled([s.batch, TEXT_TOKENS, crossAttentionDim], normal)],
  ];
  await mkdir(dir, { recursive: true });
  const files: InputFile[] = [];
  for (const [name, shape, data] of tensors) {
    await writeFile(join(dir, `${name}.bin`), new Uint8Array(data.buffer));
    files.push({ name, shape, file: `${name}.bin` });
  }
  return files;
}

/** mulberry32 → Box–Muller standard normals. */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
