// Float parameters: a checkpoint tensor (shape-checked by the scope) becomes an initializer in the graph's float type,
// optionally re-laid-out (e.g. a Linear weight transposed for MatMul). Initializer names are the checkpoint keys.
import type { Value } from '../builder.ts';
import type { TensorRef, WeightScope } from '../scope.ts';
import { floatBytes } from './tensor.ts';

export function param(
  p: WeightScope,
  name: string,
  shape: readonly number[],
  layout?: { dims: readonly number[]; transform: (values: Float32Array) => Float32Array },
): Value {
  const ref = p.tensor(name, shape);
  return paramFrom(p, ref, layout);
}

export function paramFrom(
  p: WeightScope,
  ref: TensorRef,
  layout?: { dims: readonly number[]; transform: (values: Float32Array) => Float32Array },
): Value {
  const g = p.g;
  const dtype = g.floatType;
  return g.initializer({
    name: ref.key,
    dtype,
    dims: layout?.dims ?? ref.shape,
    data: async () => {
      const values = await ref.read();
      return floatBytes(dtype, layout ? layout.transform(values) : values);
    },
  });
}

/** Row-major [rows, cols] → [cols, rows]. */
export function transpose2d(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[base + c]!;
  }
  return out;
}
