// 4-bit block quantization of a Linear weight for com.microsoft MatMulNBits (bits=4, block_size=32).
// Rule (asymmetric, per block of 32 consecutive input features of one output row, zero always representable):
//   lo = min(0, min block), hi = max(0, max block), scale = (hi - lo) / 15 (1 when hi == lo),
//   zp = clamp(round(-lo / scale), 0, 15), q = clamp(round(w / scale) + zp, 0, 15), w ≈ (q - zp) · scale.
// Layout (MatMulNBits spec): B uint8 [N, nBlocks, 16], two values per byte, low nibble first;
// scales [N · nBlocks]; zero_points uint8 [N · ceil(nBlocks / 2)], low nibble = even block. A short last block is
// padded with zeros.
import { roundToFloat16 } from '../../store/safetensors/half.ts';
import { Q4_BLOCK_SIZE } from './policy.ts';

function roundScale(scale: number, scaleType: 'float32' | 'float16'): number {
  if (scaleType === 'float32') return scale;
  const rounded = roundToFloat16(scale);
  return rounded > 0 ? rounded : 2 ** -24; // a scale that underflows fp16 would divide by zero
}

export interface Q4Weight {
  readonly n: number;
  readonly k: number;
  readonly blocks: number;
  readonly packed: Uint8Array;
  readonly scales: Float32Array;
  readonly zeroPoints: Uint8Array;
}

/**
 * Quantizes W given row-major as [N, K] (PyTorch Linear layout: out_features × in_features). With `scaleType`
 * 'float16' each scale is first rounded to fp16, so the codes are chosen for the scale the graph will really use.
 */
export function quantizeQ4(weight: Float32Array, n: number, k: number, scaleType: 'float32' | 'float16' = 'float32'): Q4Weight {
  if (weight.length !== n * k) throw new Error(`quantizeQ4: ${weight.length} values for [${n}, ${k}]`);
  const bs = Q4_BLOCK_SIZE;
  const blocks = Math.ceil(k / bs);
  const packed = new Uint8Array(n * blocks * (bs / 2));
  const scales = new Float32Array(n * blocks);
  const zeroPoints = new Uint8Array(n * Math.ceil(blocks / 2));
  for (let row = 0; row < n; row++) {
    const rowBase = row * k;
    for (let b = 0; b < blocks; b++) {
      const start = b * bs;
      const end = Math.min(start + bs, k);
      let lo = 0;
      let hi = 0;
      for (let i = start; i < end; i++) {
        const w = weight[rowBase + i]!;
        if (w < lo) lo = w;
        if (w > hi) hi = w;
      }
      const scale = roundScale(hi > lo ? (hi - lo) / 15 : 1, scaleType);
      const zp = Math.min(15, Math.max(0, Math.round(-lo / scale)));
      const blockIndex = row * blocks + b;
      scales[blockIndex] = scale;
      const zpByte = row * Math.ceil(blocks / 2) + (b >> 1);
      zeroPoints[zpByte] = (zeroPoints[zpByte]! | (zp << ((b & 1) * 4))) & 0xff;
      const outBase = blockIndex * (bs / 2);
      for (let i = 0; i < bs; i++) {
        const src = start + i;
        const q = src < end ? Math.min(15, Math.max(0, Math.round(weight[rowBase + src]! / scale) + zp)) : zp;
        const byte = outBase + (i >> 1);
        packed[byte] = (packed[byte]! | (q << ((i & 1) * 4))) & 0xff;
      }
    }
  }
  return { n, k, blocks, packed, scales, zeroPoints };
}

/** The float weights a Q4Weight stands for, row-major [N, K] (tests and error reports). */
export function dequantizeQ4(q: Q4Weight): Float32Array {
  const bs = Q4_BLOCK_SIZE;
  const out = new Float32Array(q.n * q.k);
  for (let row = 0; row < q.n; row++) {
    for (let b = 0; b < q.blocks; b++) {
      const blockIndex = row * q.blocks + b;
      const scale = q.scales[blockIndex]!;
      const zp = (q.zeroPoints[row * Math.ceil(q.blocks / 2) + (b >> 1)]! >> ((b & 1) * 4)) & 15;
      for (let i = 0; i < bs && b * bs + i < q.k; i++) {
        const v = (q.packed[blockIndex * (bs / 2) + (i >> 1)]! >> ((i & 1) * 4)) & 15;
        out[row * q.k + b * bs + i] = (v - zp) * scale;
      }
    }
  }
  return out;
}

/** One 4-bit value per byte → two per byte, low nibble first, across the whole tensor (ONNX int4 raw_data). */
export function packNibbles(values: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(values.length / 2));
  for (let i = 0; i < values.length; i++) out[i >> 1]! |= (values[i]! & 15) << ((i & 1) * 4);
  return out;
}

/**
 * The same quantization laid out for DequantizeLinear-21 (axis 1, block_size 32) on W [N, K]: uint4 data [N, K]
 * and uint4 zero points [N, blocks], both packed across the whole tensor (no per-row padding), scales [N, blocks].
 */
export function toDequantizeLayout(q: Q4Weight): { codes: Uint8Array; zeroPoints: Uint8Array } {
  const bs = Q4_BLOCK_SIZE;
  const values = new Uint8Array(q.n * q.k);
  const zps = new Uint8Array(q.n * q.blocks);
  for (let row = 0; row < q.n; row++) {
    for (let b = 0; b < q.blocks; b++) {
      const blockIndex = row * q.blocks + b;
      zps[blockIndex] = (q.zeroPoints[row * Math.ceil(q.blocks / 2) + (b >> 1)]! >> ((b & 1) * 4)) & 15;
      for (let i = 0; i < bs && b * bs + i < q.k; i++) {
        values[row * q.k + b * bs + i] = (q.packed[blockIndex * (bs / 2) + (i >> 1)]! >> ((i & 1) * 4)) & 15;
      }
    }
  }
  return { codes: packNibbles(values), zeroPoints: packNibbles(zps) };
}
