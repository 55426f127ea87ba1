// I2VGenXLUNet config (diffusers models/unets/unet_i2vgen_xl.py), read and validated from config.json.
import type { ModelConfig } from '../../config.ts';

export interface UNetConfig {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly blockOutChannels: readonly number[];
  readonly down: readonly ('CrossAttnDownBlock3D' | 'DownBlock3D')[];
  readonly up: readonly ('UpBlock3D' | 'CrossAttnUpBlock3D')[];
  readonly layersPerBlock: number;
  readonly groups: number;
  readonly crossAttentionDim: number;
  /** Channels per attention head in the spatial/temporal transformers (heads = channels / headDim). */
  readonly headDim: number;
  readonly timeEmbedDim: number;
}

/** Text tokens in encoder_hidden_states (CLIP's fixed prompt length). */
export const TEXT_TOKENS = 77;
/** Image-latent context tokens: AdaptiveAvgPool2d(32) then two stride-2 convs → 8 × 8. */
export const IMAGE_LATENT_TOKENS = 64;

/** ResnetBlock2D and the block GroupNorms use eps 1e-5; transformer GroupNorms 1e-6; LayerNorms 1e-5. */
export const RESNET_EPS = 1e-5;
export const TRANSFORMER_NORM_EPS = 1e-6;
export const LAYER_NORM_EPS = 1e-5;

export function readUNetConfig(c: ModelConfig): UNetConfig {
  c.oneOf('_class_name', ['I2VGenXLUNet'] as const, 'I2VGenXLUNet');
  const blockOutChannels = c.intList('block_out_channels', [320, 640, 1280, 1280]);
  const down = c.listOf('down_block_types', ['CrossAttnDownBlock3D', 'DownBlock3D'] as const);
  const up = c.listOf('up_block_types', ['UpBlock3D', 'CrossAttnUpBlock3D'] as const);
  if (down.length !== blockOutChannels.length || up.length !== blockOutChannels.length) {
    throw c.bad('block_out_channels', 'needs one entry per down and up block type', blockOutChannels);
  }
  // diffusers ignores num_attention_heads here: heads = channels / attention_head_dim (see unet_i2vgen_xl.py).
  if (Array.isArray(c.raw.attention_head_dim)) throw c.bad('attention_head_dim', 'per-block head dims are not supported', c.raw.attention_head_dim);
  const headDim = c.int('attention_head_dim', 64);
  const groups = c.int('norm_num_groups', 32);
  for (const ch of blockOutChannels) {
    if (ch % groups !== 0) throw c.bad('norm_num_groups', `must divide every block_out_channels entry (${ch})`, groups);
    if (ch % headDim !== 0) throw c.bad('attention_head_dim', `must divide every block_out_channels entry (${ch})`, headDim);
  }
  const inChannels = c.int('in_channels', 4);
  return {
    inChannels,
    outChannels: c.int('out_channels', 4),
    blockOutChannels,
    down,
    up,
    layersPerBlock: c.int('layers_per_block', 2),
    groups,
    crossAttentionDim: c.int('cross_attention_dim', 1024),
    headDim,
    timeEmbedDim: blockOutChannels[0]! * 4,
  };
}
