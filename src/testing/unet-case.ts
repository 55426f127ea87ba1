// The golden UNet call (golden/unet/*): its inputs as float32 tensors (timestep and fps carried as float32, as the
// graph takes them) and the names of the outputs to compare.
import { goldenFloat32, goldenInt64 } from './fixtures.ts';

export interface RawTensor {
  readonly dtype: 'float32';
  readonly data: Float32Array;
  readonly shape: number[];
}

export function unetGoldenInputs(): Record<string, RawTensor> {
  const f = (name: string): RawTensor => {
    const t = goldenFloat32(name);
    return { dtype: 'float32', data: t.data, shape: t.shape };
  };
  const sample = f('unet/in_sample');
  const batch = sample.shape[0]!;
  const t = Number(goldenInt64('unet/in_timestep').data[0]); // a 0-d timestep, broadcast over the batch
  const fps = Float32Array.from(goldenInt64('unet/in_fps').data, Number);
  return {
    sample,
    timestep: { dtype: 'float32', data: new Float32Array(batch).fill(t), shape: [batch] },
    fps: { dtype: 'float32', data: fps, shape: [batch] },
    image_latents: f('unet/in_image_latents'),
    image_embeddings: f('unet/in_image_embeddings'),
    encoder_hidden_states: f('unet/in_encoder_hidden_states'),
  };
}

/** Graph output (with the intermediates option) → golden tensor. */
export const UNET_GOLDEN_OUTPUTS: Readonly<Record<string, string>> = {
  noise_pred: 'unet/out_sample',
  ...Object.fromEntries(
    [
      'time_embedding',
      'fps_embedding',
      'image_latents_proj_in',
      'image_latents_temporal_encoder',
      'conv_in',
      'transformer_in',
      'down_blocks.0',
      'down_blocks.1',
      'mid_block',
      'up_blocks.0',
      'up_blocks.1',
      'conv_norm_out',
    ].map((n) => [n, `unet/intermediate/${n}`]),
  ),
};
