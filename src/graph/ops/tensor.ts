// Plain tensor ops (reshape, transpose, arithmetic, casts, float constants) named under a WeightScope's key path.
import { float32ToFloat16Bits } from '../../store/safetensors/half.ts';
import type { Value } from '../builder.ts';
import type { WeightScope } from '../scope.ts';

/** Reshape to a constant shape (0 = copy that input dim, -1 = infer), as in ONNX Reshape. */
export function reshape(p: WeightScope, x: Value, shape: readonly number[], suffix = 'Reshape'): Value {
  const s = p.g.constant(p.nodeName(`${suffix}/shape`), 'int64', [shape.length], shape);
  return p.op('Reshape', [x, s], suffix);
}

/** Reshape to a shape given as an int64 tensor (e.g. Shape(x) of another tensor). */
export function reshapeLike(p: WeightScope, x: Value, shape: Value, suffix = 'Reshape'): Value {
  return p.op('Reshape', [x, shape], suffix);
}

export function transpose(p: WeightScope, x: Value, perm: readonly number[], suffix = 'Transpose'): Value {
  return p.op('Transpose', [x], suffix, { perm });
}

export function add(p: WeightScope, a: Value, b: Value, suffix = 'Add'): Value {
  return p.op('Add', [a, b], suffix);
}

export function mul(p: WeightScope, a: Value, b: Value, suffix = 'Mul'): Value {
  return p.op('Mul', [a, b], suffix);
}

export function shapeOf(p: WeightScope, x: Value, suffix = 'Shape'): Value {
  return p.op('Shape', [x], suffix, undefined, 'int64');
}

/** Float32 values as an initializer in the graph's float type (fp16 graphs store fp16 bits). */
export function floatConstant(p: WeightScope, suffix: string, dims: readonly number[], values: Float32Array): Value {
  const g = p.g;
  return g.initializer({
    name: g.unique(p.nodeName(suffix)),
    dtype: g.floatType,
    dims,
    data: () => floatBytes(g.floatType, values),
  });
}

export function scalar(p: WeightScope, suffix: string, value: number): Value {
  return floatConstant(p, suffix, [], Float32Array.of(value));
}

/** Little-endian bytes of float32 values stored as `dtype`. */
export function floatBytes(dtype: 'float32' | 'float16', values: Float32Array): Uint8Array {
  const typed = dtype === 'float16' ? float32ToFloat16Bits(values) : values;
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** Graph input (float32) → the graph's float type. */
export function toFloatType(p: WeightScope, x: Value): Value {
  return x.dtype === p.g.floatType ? x : p.op('Cast', [x], `Cast_${p.g.floatType}`, { to: castCode(p.g.floatType) }, p.g.floatType);
}

/** The graph's float type → float32 (graph outputs are float32 in every precision). */
export function toFloat32(p: WeightScope, x: Value): Value {
  return x.dtype === 'float32' ? x : p.op('Cast', [x], 'Cast_float32', { to: castCode('float32') }, 'float32');
}

function castCode(dtype: 'float32' | 'float16'): number {
  return dtype === 'float32' ? 1 : 10;
}
