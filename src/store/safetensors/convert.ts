// Typed views of a tensor's raw little-endian bytes: zero-copy when aligned, converted when the dtype differs.
import type { FloatDtype } from './dtype.ts';
import {
  bfloat16BitsToFloat16Bits,
  bfloat16BitsToFloat32,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  float64ToFloat16Bits,
} from './half.ts';

// Safetensors stores little-endian and the views below use the host's order: every browser and Node target is
// little-endian, so the bytes are used as they are.

type ViewOf<T> = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T;

/** A view of raw as Ctor elements; copies raw first when its offset is not a multiple of the element size. */
function view<T>(raw: Uint8Array, Ctor: ViewOf<T> & { BYTES_PER_ELEMENT: number }): T {
  const size = Ctor.BYTES_PER_ELEMENT;
  const bytes = raw.byteOffset % size === 0 ? raw : raw.slice();
  return new Ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
}

export function toFloat32(raw: Uint8Array, dtype: FloatDtype): Float32Array {
  switch (dtype) {
    case 'F32':
      return view(raw, Float32Array);
    case 'F16':
      return float16BitsToFloat32(view(raw, Uint16Array));
    case 'BF16':
      return bfloat16BitsToFloat32(view(raw, Uint16Array));
    case 'F64':
      return new Float32Array(view(raw, Float64Array));
  }
}

/** IEEE half bits, rounded to nearest even. */
export function toFloat16Bits(raw: Uint8Array, dtype: FloatDtype): Uint16Array {
  switch (dtype) {
    case 'F16':
      return view(raw, Uint16Array);
    case 'F32':
      return float32ToFloat16Bits(view(raw, Float32Array));
    case 'BF16':
      return bfloat16BitsToFloat16Bits(view(raw, Uint16Array));
    case 'F64':
      return float64ToFloat16Bits(view(raw, Float64Array));
  }
}

export function toInt64(raw: Uint8Array): BigInt64Array {
  return view(raw, BigInt64Array);
}
