// Scaled dot-product attention over token tensors [B, S, heads·headDim], written as plain
// MatMul → Softmax → MatMul (exact on every EP; the score matrix [B, heads, Sq, Sk] is materialised, which is fine
// for CLIP (S ≤ 257) and the VAE mid-block. The UNet's large spatial attention gets a memory-bounded lowering in
// its own module).
import type { Value } from '../builder.ts';
import type { WeightScope } from '../scope.ts';
import { reshape, transpose } from './tensor.ts';

export interface AttentionOptions {
  readonly heads: number;
  readonly headDim: number;
  /** Added to the scores before the softmax, broadcastable to [B, heads, Sq, Sk] (e.g. CLIP's causal mask). */
  readonly mask?: Value;
  /** Multiplies the scores (null when q was already scaled). */
  readonly scale: Value | null;
}

/** [B, S, H·D] → [B, H, S, D] */
export function splitHeads(p: WeightScope, x: Value, heads: number, headDim: number, name: string): Value {
  return transpose(p, reshape(p, x, [0, 0, heads, headDim], `${name}/Reshape`), [0, 2, 1, 3], `${name}/Transpose`);
}

/** [B, H, S, D] → [B, S, H·D] */
export function mergeHeads(p: WeightScope, x: Value, heads: number, headDim: number): Value {
  return reshape(p, transpose(p, x, [0, 2, 1, 3], 'merge/Transpose'), [0, 0, heads * headDim], 'merge/Reshape');
}

export function attention(p: WeightScope, q: Value, k: Value, v: Value, o: AttentionOptions): Value {
  const qh = splitHeads(p, q, o.heads, o.headDim, 'q');
  const kt = transpose(p, reshape(p, k, [0, 0, o.heads, o.headDim], 'k/Reshape'), [0, 2, 3, 1], 'k/Transpose');
  const vh = splitHeads(p, v, o.heads, o.headDim, 'v');
  let scores = p.op('MatMul', [qh, kt], 'scores/MatMul');
  if (o.scale) scores = p.op('Mul', [scores, o.scale], 'scores/Mul');
  if (o.mask) scores = p.op('Add', [scores, o.mask], 'scores/mask');
  const probs = p.op('Softmax', [scores], 'Softmax', { axis: -1 });
  return mergeHeads(p, p.op('MatMul', [probs, vh], 'context/MatMul'), o.heads, o.headDim);
}
