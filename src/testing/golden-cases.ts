// Which golden tensors feed and check each graph (shared by the Vitest and the Playwright golden tests).
import { goldenFloat32, goldenInt64 } from './fixtures.ts';

export interface GoldenInput {
  readonly name: string;
  readonly dtype: 'float32' | 'int64';
}

export interface GraphCase {
  readonly graph: 'text_encoder' | 'image_encoder' | 'vae_encoder' | 'vae_decoder';
  readonly title: string;
  readonly inputs: Readonly<Record<string, GoldenInput>>;
  /** graph output name → golden tensor name */
  readonly outputs: Readonly<Record<string, string>>;
}

export const GOLDEN_CASES: readonly GraphCase[] = [
  {
    graph: 'text_encoder',
    title: 'prompt and empty prompt → penultimate hidden state + final LayerNorm',
    inputs: { input_ids: { name: 'text_encoder/input_ids', dtype: 'int64' } },
    outputs: { prompt_embeds: 'text_encoder/prompt_embeds_clip_skip1' },
  },
  {
    graph: 'image_encoder',
    title: 'CLIP pixel values → image_embeds',
    inputs: { pixel_values: { name: 'image_encoder/plain_pixel_values', dtype: 'float32' } },
    outputs: { image_embeds: 'image_encoder/plain_image_embeds' },
  },
  {
    graph: 'vae_encoder',
    title: 'image → latent mean and std',
    inputs: { sample: { name: 'vae/encode_input', dtype: 'float32' } },
    outputs: { latent_mean: 'vae/encode_mean', latent_std: 'vae/encode_std' },
  },
  {
    graph: 'vae_decoder',
    title: 'latents → image',
    inputs: { latent: { name: 'vae/decode_input', dtype: 'float32' } },
    outputs: { sample: 'vae/decode_sample' },
  },
];

/** A case's golden inputs as raw typed arrays with shapes (for any runtime's Tensor constructor). */
export function goldenInputs(c: GraphCase): Record<string, { dtype: 'float32' | 'int64'; data: Float32Array | BigInt64Array; shape: number[] }> {
  const out: Record<string, { dtype: 'float32' | 'int64'; data: Float32Array | BigInt64Array; shape: number[] }> = {};
  for (const [name, g] of Object.entries(c.inputs)) {
    const t = g.dtype === 'int64' ? goldenInt64(g.name) : goldenFloat32(g.name);
    out[name] = { dtype: g.dtype, data: t.data, shape: t.shape };
  }
  return out;
}

export function caseFor(graph: string): GraphCase {
  const c = GOLDEN_CASES.find((x) => x.graph === graph);
  if (!c) throw new Error(`no golden case for ${graph}`);
  return c;
}
