// Linear (torch.nn.Linear, y = x·Wᵀ + b) on the last axis: MatMul with a transposed float weight, or MatMulNBits
// with a 4-bit weight when the precision and the quantization policy (quant/policy.ts) say so.
import type { Value } from '../builder.ts';
import { usesQ4 } from '../quant/precision.ts';
import { Q4_BLOCK_SIZE, weightFormat } from '../quant/policy.ts';
import { quantizeQ4 } from '../quant/q4.ts';
import type { WeightScope } from '../scope.ts';
import { param, paramFrom, transpose2d } from './params.ts';
import { floatBytes } from './tensor.ts';

export function linear(p: WeightScope, x: Value, inFeatures: number, outFeatures: number, bias = true): Value {
  const g = p.g;
  const ref = p.tensor('weight', [outFeatures, inFeatures]);
  const q4 = usesQ4(g.options.precision) && weightFormat(g.options.policy, g.options.component, ref.key, inFeatures) === 'q4';
  let y: Value;
  if (q4) {
    const dtype = g.floatType;
    // One quantization shared by the three initializers; computed when the first of them is emitted.
    let pending: Promise<ReturnType<typeof quantizeQ4>> | undefined;
    const quantized = () => (pending ??= ref.read().then((w) => quantizeQ4(w, outFeatures, inFeatures, dtype)));
    const blocks = Math.ceil(inFeatures / Q4_BLOCK_SIZE);
    const b = g.initializer({
      name: `${ref.key}.q4`,
      dtype: 'uint8',
      dims: [outFeatures, blocks, Q4_BLOCK_SIZE / 2],
      data: async () => (await quantized()).packed,
    });
    const scales = g.initializer({
      name: `${ref.key}.scales`,
      dtype,
      dims: [outFeatures * blocks],
      data: async () => floatBytes(dtype, (await quantized()).scales),
    });
    const zeroPoints = g.initializer({
      name: `${ref.key}.zero_points`,
      dtype: 'uint8',
      dims: [outFeatures * Math.ceil(blocks / 2)],
      data: async () => {
        const q = await quantized();
        pending = undefined; // the last of the three: let the packed weight be collected
        return q.zeroPoints;
      },
    });
    y = p.op('MatMulNBits', [x, b, scales, zeroPoints], 'MatMulNBits', {
      K: inFeatures,
      N: outFeatures,
      bits: 4,
      block_size: Q4_BLOCK_SIZE,
    });
  } else {
    const w = paramFrom(p, ref, {
      dims: [inFeatures, outFeatures],
      transform: (values) => transpose2d(values, outFeatures, inFeatures),
    });
    y = p.op('MatMul', [x, w], 'MatMul');
  }
  if (!bias) return y;
  return p.op('Add', [y, param(p, 'bias', [outFeatures])], 'Add');
}
