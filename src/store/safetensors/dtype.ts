// Safetensors dtypes the reader accepts, with their item sizes; any other dtype is rejected when a file is opened.

/** Floats the reader converts (F32, F16, BF16; F64 narrowed) and integers it hands out raw (I64 also as BigInt64). */
export type Dtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'U8' | 'BOOL';

/** The dtypes readFloat32 and readFloat16Bits convert. */
export type FloatDtype = 'F32' | 'F16' | 'BF16' | 'F64';

/** Bytes per element, as in the safetensors `Dtype::size()` table. */
export const DTYPE_ITEMSIZE: Readonly<Record<Dtype, number>> = {
  F32: 4,
  F16: 2,
  BF16: 2,
  F64: 8,
  I64: 8,
  I32: 4,
  U8: 1,
  BOOL: 1,
};

export function isDtype(value: string): value is Dtype {
  return Object.hasOwn(DTYPE_ITEMSIZE, value);
}

export function isFloatDtype(dtype: Dtype): dtype is FloatDtype {
  return dtype === 'F32' || dtype === 'F16' || dtype === 'BF16' || dtype === 'F64';
}

/**
 * Number of elements of a shape, or undefined when a dimension is not a non-negative integer or the product is not
 * a safe integer. The empty shape is a scalar with one element.
 */
export function elementCount(shape: readonly unknown[]): number | undefined {
  let count = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) return undefined;
    count *= dim;
    if (!Number.isSafeInteger(count)) return undefined;
  }
  return count;
}
