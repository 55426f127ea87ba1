// Activations by the names configs use (`hidden_act`, `act_fn`): silu/swish, gelu (erf), quick_gelu.
import type { Value } from '../builder.ts';
import type { WeightScope } from '../scope.ts';

export const ACTIVATIONS = ['silu', 'swish', 'gelu', 'quick_gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export function activation(p: WeightScope, x: Value, act: Activation, suffix = 'act'): Value {
  switch (act) {
    case 'silu':
    case 'swish':
      // x · sigmoid(x); onnxruntime fuses the pair (QuickGelu with alpha 1 on WebGPU).
      return p.op('Mul', [x, p.op('Sigmoid', [x], `${suffix}/Sigmoid`)], `${suffix}/Mul`);
    case 'gelu':
      return p.op('Gelu', [x], `${suffix}/Gelu`);
    case 'quick_gelu':
      return p.op('QuickGelu', [x], `${suffix}/QuickGelu`, { alpha: { f: 1.702 } });
  }
}
