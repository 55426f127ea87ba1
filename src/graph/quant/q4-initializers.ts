// The three initializers of a 4-bit weight (codes, scales, zero points), quantized once when the first of them is
// emitted and released after the last, in the layout its consumer reads: MatMulNBits (per-row padded blocks) or
// DequantizeLinear-21 (codes [N, K] and zero points [N, blocks] packed across the tensor).
import type { GraphBuilder, Value } from '../builder.ts';
import { floatBytes } from '../ops/tensor.ts';
import type { TensorRef } from '../scope.ts';
import { Q4_BLOCK_SIZE } from './policy.ts';
import { quantizeQ4, toDequantizeLayout } from './q4.ts';

export type Q4Layout = 'matmulnbits' | 'dequantize';

export interface Q4Initializers {
  readonly codes: Value;
  readonly scales: Value;
  readonly zeroPoints: Value;
}

/** W [n, k] (row-major: out × in) from `ref`, 4-bit. */
export function q4Initializers(g: GraphBuilder, ref: TensorRef, n: number, k: number, layout: Q4Layout): Q4Initializers {
  const dtype = g.floatType;
  const blocks = Math.ceil(k / Q4_BLOCK_SIZE);
  let pending: Promise<{ codes: Uint8Array; scales: Float32Array; zeroPoints: Uint8Array }> | undefined;
  const quantized = () =>
    (pending ??= ref.read().then((values) => {
      const q = quantizeQ4(values, n, k, dtype);
      return layout === 'matmulnbits'
        ? { codes: q.packed, scales: q.scales, zeroPoints: q.zeroPoints }
        : { scales: q.scales, ...toDequantizeLayout(q) };
    }));
  const matmul = layout === 'matmulnbits';
  const codes = g.initializer({
    name: `${ref.key}.q4`,
    dtype: matmul ? 'uint8' : 'uint4',
    dims: matmul ? [n, blocks, Q4_BLOCK_SIZE / 2] : [n, k],
    data: async () => (await quantized()).codes,
  });
  const scales = g.initializer({
    name: `${ref.key}.scales`,
    dtype,
    dims: matmul ? [n * blocks] : [n, blocks],
    data: async () => floatBytes(dtype, (await quantized()).scales),
  });
  const zeroPoints = g.initializer({
    name: `${ref.key}.zero_points`,
    dtype: matmul ? 'uint8' : 'uint4',
    dims: matmul ? [n * Math.ceil(blocks / 2)] : [n, blocks],
    data: async () => {
      const z = (await quantized()).zeroPoints;
      pending = undefined; // emitted last: let the codes be collected
      return z;
    },
  });
  return { codes, scales, zeroPoints };
}
