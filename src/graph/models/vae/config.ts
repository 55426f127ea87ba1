// AutoencoderKL config (diffusers models/autoencoders/autoencoder_kl.py), read and validated from config.json.
import type { ModelConfig } from '../../config.ts';

export interface VaeConfig {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly latentChannels: number;
  readonly blockOutChannels: readonly number[];
  readonly layersPerBlock: number;
  readonly groups: number;
  readonly act: 'silu' | 'swish';
  readonly midBlockAttention: boolean;
  readonly useQuantConv: boolean;
  readonly usePostQuantConv: boolean;
  readonly scalingFactor: number;
}

/** diffusers Encoder/Decoder use eps 1e-6 for every norm. */
export const VAE_NORM_EPS = 1e-6;

export function readVaeConfig(c: ModelConfig): VaeConfig {
  c.oneOf('_class_name', ['AutoencoderKL'] as const, 'AutoencoderKL');
  const blockOutChannels = c.intList('block_out_channels', [64]);
  const down = c.listOf('down_block_types', ['DownEncoderBlock2D'] as const);
  const up = c.listOf('up_block_types', ['UpDecoderBlock2D'] as const);
  if (down.length !== blockOutChannels.length) throw c.bad('down_block_types', `needs one entry per block_out_channels (${blockOutChannels.length})`, down);
  if (up.length !== blockOutChannels.length) throw c.bad('up_block_types', `needs one entry per block_out_channels (${blockOutChannels.length})`, up);
  const groups = c.int('norm_num_groups', 32);
  for (const ch of blockOutChannels) {
    if (ch % groups !== 0) throw c.bad('norm_num_groups', `must divide every block_out_channels entry (${ch})`, groups);
  }
  c.expect('shift_factor', null, 'I2VGen-XL latents are scaled only');
  c.expect('latents_mean', null, 'I2VGen-XL latents are scaled only');
  c.expect('latents_std', null, 'I2VGen-XL latents are scaled only');
  return {
    inChannels: c.int('in_channels', 3),
    outChannels: c.int('out_channels', 3),
    latentChannels: c.int('latent_channels', 4),
    blockOutChannels,
    layersPerBlock: c.int('layers_per_block', 1),
    groups,
    act: c.oneOf('act_fn', ['silu', 'swish'] as const, 'silu'),
    midBlockAttention: c.bool('mid_block_add_attention', true),
    useQuantConv: c.bool('use_quant_conv', true),
    usePostQuantConv: c.bool('use_post_quant_conv', true),
    scalingFactor: c.number('scaling_factor', 0.18215),
  };
}
