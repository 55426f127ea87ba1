// VAE building blocks (diffusers resnet.py ResnetBlock2D without time embedding, attention_processor.py Attention
// with a group norm as UNetMidBlock2D builds it, unets/unet_2d_blocks.py UNetMidBlock2D, Downsample2D, Upsample2D).
import type { Value } from '../../builder.ts';
import { activation } from '../../ops/activation.ts';
import { attention } from '../../ops/attention.ts';
import { conv1x1, conv2d, conv3x3 } from '../../ops/conv.ts';
import { linear } from '../../ops/linear.ts';
import { groupNorm } from '../../ops/norm.ts';
import { reshape, reshapeLike, scalar, shapeOf, transpose } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import { VAE_NORM_EPS, type VaeConfig } from './config.ts';

export function resnetBlock(p: WeightScope, x: Value, inC: number, outC: number, cfg: VaeConfig): Value {
  let h = activation(p, groupNorm(p.sub('norm1'), x, cfg.groups, inC, VAE_NORM_EPS), cfg.act, 'act1');
  h = conv3x3(p.sub('conv1'), h, inC, outC);
  h = activation(p, groupNorm(p.sub('norm2'), h, cfg.groups, outC, VAE_NORM_EPS), cfg.act, 'act2');
  h = conv3x3(p.sub('conv2'), h, outC, outC);
  const shortcut = inC === outC ? x : conv1x1(p.sub('conv_shortcut'), x, inC, outC);
  return p.op('Add', [shortcut, h], 'residual'); // output_scale_factor is 1 in the VAE
}

/** Single-head self-attention over the H·W positions, with residual (heads = C / attention_head_dim = 1). */
export function midAttention(p: WeightScope, x: Value, channels: number, cfg: VaeConfig): Value {
  const normed = groupNorm(p.sub('group_norm'), x, cfg.groups, channels, VAE_NORM_EPS);
  const tokens = transpose(p, reshape(p, normed, [0, channels, -1], 'tokens/Reshape'), [0, 2, 1], 'tokens/Transpose');
  const q = linear(p.sub('to_q'), tokens, channels, channels);
  const k = linear(p.sub('to_k'), tokens, channels, channels);
  const v = linear(p.sub('to_v'), tokens, channels, channels);
  const context = attention(p, q, k, v, { heads: 1, headDim: channels, scale: scalar(p, 'scale', channels ** -0.5) });
  const out = linear(p.sub('to_out').at(0), context, channels, channels);
  const spatial = reshapeLike(p, transpose(p, out, [0, 2, 1], 'spatial/Transpose'), shapeOf(p, x), 'spatial/Reshape');
  return p.op('Add', [spatial, x], 'residual'); // rescale_output_factor is 1
}

export function midBlock(p: WeightScope, x: Value, channels: number, cfg: VaeConfig): Value {
  let h = resnetBlock(p.sub('resnets').at(0), x, channels, channels, cfg);
  if (cfg.midBlockAttention) h = midAttention(p.sub('attentions').at(0), h, channels, cfg);
  return resnetBlock(p.sub('resnets').at(1), h, channels, channels, cfg);
}

/** Downsample2D with padding 0: pad (0, 1, 0, 1) then 3×3 stride 2 (as ONNX pads [0, 0, 1, 1]). */
export function downsample(p: WeightScope, x: Value, channels: number): Value {
  return conv2d(p.sub('conv'), x, channels, channels, { kernel: [3, 3], stride: 2, pads: [0, 0, 1, 1] });
}

/** Upsample2D: nearest ×2 (F.interpolate, i.e. asymmetric + floor) then 3×3 conv. */
export function upsample(p: WeightScope, x: Value, channels: number): Value {
  const scales = p.g.constant(p.nodeName('scales'), 'float32', [4], [1, 1, 2, 2]);
  const up = p.op('Resize', [x, null, scales], 'Resize', {
    mode: 'nearest',
    coordinate_transformation_mode: 'asymmetric',
    nearest_mode: 'floor',
  });
  return conv3x3(p.sub('conv'), up, channels, channels);
}
