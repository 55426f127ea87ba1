// Scaled dot-product attention over token tensors [B, S, heads·headDim], in two lowerings (builder option):
// - plain/chunked: MatMul → Softmax → MatMul, exact on every EP. With `queryChunks` > 1 the queries are sliced into
//   that many pieces along S, so only one piece's scores [B, heads, S/chunks, Sk] are alive at a time (the nodes of
//   a chunk are emitted together, so ORT frees each piece before the next). Needs S ≥ queryChunks.
// - mha: com.microsoft MultiHeadAttention, run by onnxruntime-web's WebGPU EP as FlashAttention (no scores in
//   memory at all).
import type { Value } from '../builder.ts';
import type { WeightScope } from '../scope.ts';
import { dim } from './shape.ts';
import { reshape, transpose } from './tensor.ts';

export interface AttentionOptions {
  readonly heads: number;
  readonly headDim: number;
  /** Added to the scores before the softmax, broadcastable to [B, heads, Sq, Sk] (e.g. CLIP's causal mask). */
  readonly mask?: Value;
  /** Multiplies the scores (null when q was already scaled). */
  readonly scale: Value | null;
  /** Split the queries into this many pieces (default 1: the whole score matrix at once). */
  readonly queryChunks?: number;
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
  const chunks = o.queryChunks ?? 1;
  const pieces = chunks > 1 ? splitQueries(p, qh, chunks) : [qh];
  const outs = pieces.map((qi, i) => {
    const name = chunks > 1 ? `chunk${i}/` : '';
    let scores = p.op('MatMul', [qi, kt], `${name}scores/MatMul`);
    if (o.scale) scores = p.op('Mul', [scores, o.scale], `${name}scores/Mul`);
    if (o.mask) scores = p.op('Add', [scores, o.mask], `${name}scores/mask`);
    const probs = p.op('Softmax', [scores], `${name}Softmax`, { axis: -1 });
    return p.op('MatMul', [probs, vh], `${name}context/MatMul`);
  });
  return mergeHeads(p, concatTree(p, outs, 2, 'chunks/Concat'), o.heads, o.headDim);
}

/**
 * WebGPU caps storage buffers per shader (maxStorageBuffersPerShaderStage: 8 by default, 10 on SwiftShader), and
 * ORT's Concat and Split bind every input/output in one shader: so pieces are sliced one by one and concatenated
 * in groups of at most CONCAT_FANIN.
 */
export const CONCAT_FANIN = 4;

function concatTree(p: WeightScope, parts: Value[], axis: number, name: string): Value {
  if (parts.length === 1) return parts[0]!;
  const groups: Value[] = [];
  for (let i = 0; i < parts.length; i += CONCAT_FANIN) {
    const group = parts.slice(i, i + CONCAT_FANIN);
    groups.push(group.length === 1 ? group[0]! : p.op('Concat', group, `${name}${parts.length > CONCAT_FANIN ? `_${i / CONCAT_FANIN}` : ''}`, { axis }));
  }
  return concatTree(p, groups, axis, `${name}_up`);
}

/** Slices [B, H, S, D] along S into `chunks` pieces: chunks − 1 of ⌊S/chunks⌋ and the remainder last. */
function splitQueries(p: WeightScope, qh: Value, chunks: number): Value[] {
  const g = p.g;
  const c = (name: string, v: number) => g.constant(p.nodeName(`chunks/${name}`), 'int64', [1], [v]);
  const s = dim(p, qh, 2, 'queries');
  const size = p.op('Div', [s, c('n', chunks)], 'chunks/size');
  const axes = c('axes', 2);
  // bounds[i] = i·size; the last piece ends at S (an out-of-range end would be clamped on the CPU but is not safe
  // on every EP's int32 index math).
  const bounds = Array.from({ length: chunks }, (_, i) => (i === 0 ? c('zero', 0) : p.op('Mul', [size, c(`i${i}`, i)], `chunks/bound${i}`)));
  bounds.push(s);
  return Array.from({ length: chunks }, (_, i) => p.op('Slice', [qh, bounds[i]!, bounds[i + 1]!, axes], `chunk${i}/Slice`));
}

/** com.microsoft MultiHeadAttention on [B, S, H·D] tokens; `scale` defaults to headDim^-0.5 inside the op. */
export function multiHeadAttention(p: WeightScope, q: Value, k: Value, v: Value, heads: number, headDim: number): Value {
  return p.op('MultiHeadAttention', [q, k, v], 'MultiHeadAttention', { num_heads: heads, scale: { f: headDim ** -0.5 } });
}
