// CLIPEncoderLayer, CLIPAttention and CLIPMLP (transformers models/clip/modeling_clip.py, eager attention).
import type { Value } from '../../builder.ts';
import { activation } from '../../ops/activation.ts';
import { attention } from '../../ops/attention.ts';
import { linear } from '../../ops/linear.ts';
import { layerNorm } from '../../ops/norm.ts';
import { scalar } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import type { ClipEncoderConfig } from './config.ts';

export function clipAttention(p: WeightScope, x: Value, cfg: ClipEncoderConfig, mask: Value | undefined): Value {
  const d = cfg.hiddenSize;
  // modeling_clip scales the query before QKᵀ: q_proj(x) · headDim^-0.5.
  const q = p.op('Mul', [linear(p.sub('q_proj'), x, d, d), scalar(p, 'scale', cfg.headDim ** -0.5)], 'q/scale');
  const k = linear(p.sub('k_proj'), x, d, d);
  const v = linear(p.sub('v_proj'), x, d, d);
  const context = attention(p, q, k, v, { heads: cfg.heads, headDim: cfg.headDim, scale: null, ...(mask ? { mask } : {}) });
  return linear(p.sub('out_proj'), context, d, d);
}

export function clipMlp(p: WeightScope, x: Value, cfg: ClipEncoderConfig): Value {
  const h = activation(p, linear(p.sub('fc1'), x, cfg.hiddenSize, cfg.intermediateSize), cfg.act);
  return linear(p.sub('fc2'), h, cfg.intermediateSize, cfg.hiddenSize);
}

export function clipEncoderLayer(p: WeightScope, x: Value, cfg: ClipEncoderConfig, mask?: Value): Value {
  const attn = clipAttention(p.sub('self_attn'), layerNorm(p.sub('layer_norm1'), x, cfg.hiddenSize, cfg.eps), cfg, mask);
  const h = p.op('Add', [x, attn], 'residual1');
  const mlp = clipMlp(p.sub('mlp'), layerNorm(p.sub('layer_norm2'), h, cfg.hiddenSize, cfg.eps), cfg);
  return p.op('Add', [h, mlp], 'residual2');
}
