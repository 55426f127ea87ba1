// Float parameters: a checkpoint tensor (shape-checked by the scope) becomes an initializer in the graph's float type,
// optionally reshaped (`dims`) or re-laid-out (`transform`, e.g. a Linear weight transposed for MatMul). Initializer
// names are the checkpoint keys. An fp16 graph reads fp16 bits straight from the source when no transform is needed
// (an fp16 checkpoint is then copied, not widened to float32 and narrowed back).
import type { Value } from '../builder.ts';
import type { TensorRef, WeightScope } from '../scope.ts';
import { floatBytes } from './tensor.ts';

export function param(
  p: WeightScope,
  name: string,
  shape: readonly number[],
  layout?: ParamLayout,
): Value {
  const ref = p.tensor(name, shape);
  return paramFrom(p, ref, layout);
}

export interface ParamLayout {
  readonly dims: readonly number[];
  readonly transform?: (values: Float32Array) => Float32Array;
}

export function paramFrom(p: WeightScope, ref: TensorRef, layout?: ParamLayout): Value {
  const g = p.g;
  const dtype = g.floatType;
  return g.initializer({
    name: ref.key,
    dtype,
    dims: layout?.dims ?? ref.shape,
    data: async () => {
      const transform = layout?.transform;
      if (dtype === 'float16' && !transform && ref.readFloat16Bits) {
        const bits = await ref.readFloat16Bits();
        return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
      }
      const values = await ref.read();
      return floatBytes(dtype, transform ? transform(values) : values);
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
