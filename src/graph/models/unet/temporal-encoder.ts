// I2VGenXLTransformerTemporalEncoder (diffusers unet_i2vgen_xl.py) over [B·h·w, F, C] tokens: LayerNorm →
// self-attention (2 heads of C channels) → + input, then a GELU FeedForward on the un-normalised result → + input.
import type { Value } from '../../builder.ts';
import { layerNorm } from '../../ops/norm.ts';
import type { WeightScope } from '../../scope.ts';
import { LAYER_NORM_EPS } from './config.ts';
import { feedForward, unetAttention } from './transformer.ts';

export function temporalEncoder(p: WeightScope, x: Value, channels: number): Value {
  const normed = layerNorm(p.sub('norm1'), x, channels, LAYER_NORM_EPS);
  const attn = unetAttention(p.sub('attn1'), normed, null, { queryDim: channels, heads: 2, headDim: channels, queryChunks: 1 });
  const h = p.op('Add', [attn, x], 'attn1/residual');
  return p.op('Add', [feedForward(p.sub('ff'), h, channels, channels * 4, 'gelu'), h], 'ff/residual');
}
