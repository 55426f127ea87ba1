// Linear (torch.nn.Linear, y = x·Wᵀ + b) on the last axis: MatMul with a transposed float weight, or MatMulNBits
// with a 4-bit weight when the precision and the quantization policy (quant/policy.ts) say so.
import type { Value } from '../builder.ts';
import { usesQ4 } from '../quant/precision.ts';
import { Q4_BLOCK_SIZE, weightFormat } from '../quant/policy.ts';
import { q4Initializers } from '../quant/q4-initializers.ts';
import type { WeightScope } from '../scope.ts';
import { param, paramFrom, transpose2d } from './params.ts';

export function linear(p: WeightScope, x: Value, inFeatures: number, outFeatures: number, bias = true): Value {
  const g = p.g;
  const ref = p.tensor('weight', [outFeatures, inFeatures]);
  const q4 = usesQ4(g.options.precision) && weightFormat(g.options.policy, g.options.component, ref.key, inFeatures) === 'q4';
  let y: Value;
  if (q4) {
    const w = q4Initializers(g, ref, outFeatures, inFeatures, 'matmulnbits');
    y = p.op('MatMulNBits', [x, w.codes, w.scales, w.zeroPoints], 'MatMulNBits', {
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
