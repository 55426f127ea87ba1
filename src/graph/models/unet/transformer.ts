// Transformer pieces of the I2VGen-XL UNet (diffusers attention.py BasicTransformerBlock + FeedForward,
// attention_processor.py Attention with AttnProcessor, transformers/transformer_2d.py Transformer2DModel with a
// linear projection, transformers/transformer_temporal.py TransformerTemporalModel).
import type { Value } from '../../builder.ts';
import { attention, multiHeadAttention } from '../../ops/attention.ts';
import { linear } from '../../ops/linear.ts';
import { groupNorm, layerNorm } from '../../ops/norm.ts';
import { shapeFrom } from '../../ops/shape.ts';
import { reshape, reshapeLike, scalar, shapeOf, transpose } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import { LAYER_NORM_EPS, TRANSFORMER_NORM_EPS } from './config.ts';

export interface AttentionShape {
  readonly queryDim: number;
  readonly heads: number;
  readonly headDim: number;
  /** Width of the context tokens for cross-attention; omitted for self-attention. */
  readonly contextDim?: number;
  /** Query pieces for the chunked lowering (1 = whole). */
  readonly queryChunks: number;
}

/** diffusers Attention: to_q/to_k/to_v without bias, to_out.0 with bias, scale headDim^-0.5. */
export function unetAttention(p: WeightScope, x: Value, context: Value | null, a: AttentionShape): Value {
  const inner = a.heads * a.headDim;
  const kvDim = context ? a.contextDim! : a.queryDim;
  const source = context ?? x;
  const q = linear(p.sub('to_q'), x, a.queryDim, inner, false);
  const k = linear(p.sub('to_k'), source, kvDim, inner, false);
  const v = linear(p.sub('to_v'), source, kvDim, inner, false);
  const ctx =
    p.g.attention.mode === 'mha'
      ? multiHeadAttention(p, q, k, v, a.heads, a.headDim)
      : attention(p, q, k, v, { heads: a.heads, headDim: a.headDim, scale: scalar(p, 'scale', a.headDim ** -0.5), queryChunks: a.queryChunks });
  return linear(p.sub('to_out').at(0), ctx, inner, a.queryDim);
}

/** FeedForward: GEGLU (proj to 2·inner, value · gelu(gate)) or GELU, then net.2 back to dim. */
export function feedForward(p: WeightScope, x: Value, dim: number, inner: number, act: 'geglu' | 'gelu'): Value {
  const proj = p.sub('net').at(0).sub('proj');
  let h: Value;
  if (act === 'geglu') {
    const both = linear(proj, x, dim, 2 * inner);
    const sizes = p.g.constant(proj.nodeName('split'), 'int64', [2], [inner, inner]);
    const [value, gate] = p.g.node('Split', [both, sizes], proj.nodeName('Split'), { attrs: { axis: -1 }, outputs: 2 });
    h = p.op('Mul', [value!, p.op('Gelu', [gate!], 'geglu/Gelu')], 'geglu/Mul');
  } else {
    h = p.op('Gelu', [linear(proj, x, dim, inner)], 'gelu/Gelu');
  }
  return linear(p.sub('net').at(2), h, inner, dim);
}

/**
 * BasicTransformerBlock (layer_norm type): self-attention, then cross-attention on `context` — or a second
 * self-attention when `context` is null (double_self_attention, as the temporal transformers use) — then GEGLU FF.
 */
export function basicTransformerBlock(p: WeightScope, x: Value, context: Value | null, dim: number, a: Omit<AttentionShape, 'queryDim'>): Value {
  const self = { ...a, queryDim: dim, contextDim: undefined };
  let h = p.op('Add', [unetAttention(p.sub('attn1'), layerNorm(p.sub('norm1'), x, dim, LAYER_NORM_EPS), null, self), x], 'attn1/residual');
  const second = context ? { ...a, queryDim: dim } : self;
  h = p.op('Add', [unetAttention(p.sub('attn2'), layerNorm(p.sub('norm2'), h, dim, LAYER_NORM_EPS), context, second), h], 'attn2/residual');
  return p.op('Add', [feedForward(p.sub('ff'), layerNorm(p.sub('norm3'), h, dim, LAYER_NORM_EPS), dim, 4 * dim, 'geglu'), h], 'ff/residual');
}

/** Transformer2DModel over each frame's H·W tokens: GroupNorm → proj_in → block → proj_out → + input. */
export function transformer2d(
  p: WeightScope,
  x: Value,
  context: Value,
  channels: number,
  o: { groups: number; headDim: number; contextDim: number; queryChunks: number },
): Value {
  const normed = groupNorm(p.sub('norm'), x, o.groups, channels, TRANSFORMER_NORM_EPS);
  const tokens = transpose(p, reshape(p, normed, [0, channels, -1], 'tokens/Reshape'), [0, 2, 1], 'tokens/Transpose');
  let t = linear(p.sub('proj_in'), tokens, channels, channels);
  t = basicTransformerBlock(p.sub('transformer_blocks').at(0), t, context, channels, {
    heads: channels / o.headDim,
    headDim: o.headDim,
    contextDim: o.contextDim,
    queryChunks: o.queryChunks,
  });
  t = linear(p.sub('proj_out'), t, channels, channels);
  const back = reshapeLike(p, transpose(p, t, [0, 2, 1], 'spatial/Transpose'), shapeOf(p, x), 'spatial/Reshape');
  return p.op('Add', [back, x], 'residual');
}

/** The dynamic batch and frame counts, int64 [1] each. */
export interface VideoDims {
  readonly batch: Value;
  readonly frames: Value;
}

/**
 * TransformerTemporalModel over each pixel's F frames: x [B·F, C, H, W] → GroupNorm over (C/G, F, H, W) →
 * tokens [B·H·W, F, C] → proj_in → block (two self-attentions) → proj_out → back → + input.
 */
export function transformerTemporal(
  p: WeightScope,
  x: Value,
  channels: number,
  dims: VideoDims,
  o: { groups: number; heads: number; headDim: number },
): Value {
  const inner = o.heads * o.headDim;
  const video = transpose(p, reshape4(p, x, [dims.batch, dims.frames, channels, -1], 'video'), [0, 2, 1, 3], 'video/Transpose'); // [B, C, F, HW]
  const normed = groupNorm(p.sub('norm'), video, o.groups, channels, TRANSFORMER_NORM_EPS);
  const perPixel = transpose(p, normed, [0, 3, 2, 1], 'tokens/Transpose'); // [B, HW, F, C]
  const tokens = reshape4(p, perPixel, [-1, dims.frames, channels], 'tokens');
  let t = linear(p.sub('proj_in'), tokens, channels, inner);
  t = basicTransformerBlock(p.sub('transformer_blocks').at(0), t, null, inner, { heads: o.heads, headDim: o.headDim, queryChunks: 1 });
  t = linear(p.sub('proj_out'), t, inner, channels);
  const pixels = reshape4(p, t, [dims.batch, -1, dims.frames, channels], 'pixels'); // [B, HW, F, C]
  const frames = transpose(p, pixels, [0, 2, 3, 1], 'frames/Transpose'); // [B, F, C, HW]
  return p.op('Add', [reshapeLike(p, frames, shapeOf(p, x), 'frames/Reshape'), x], 'residual');
}

/** Reshape to a shape mixing dynamic dims and numbers. */
export function reshape4(p: WeightScope, x: Value, parts: readonly (Value | number)[], name: string): Value {
  return reshapeLike(p, x, shapeFrom(p, parts, `${name}/shape`), `${name}/Reshape`);
}
