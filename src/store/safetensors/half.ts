// IEEE half (F16) and bfloat16 (BF16) bits to and from float32: hot paths that run over every weight of a checkpoint.

/** float32 bits of every half, built on first use: decoding is then one table load per value. */
let halfToFloatBits: Uint32Array | undefined;

function halfTable(): Uint32Array {
  if (halfToFloatBits !== undefined) return halfToFloatBits;
  const table = new Uint32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = halfBitsToFloatBits(h);
  halfToFloatBits = table;
  return table;
}

/** Exact: every half is a float32. NaN payloads are kept (shifted up), so a round trip returns the same bits. */
function halfBitsToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >>> 10) & 0x1f;
  let mantissa = h & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (mantissa << 13)) >>> 0; // inf, NaN
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0; // 112 = 127 - 15
  if (mantissa === 0) return sign >>> 0; // ±0
  // Subnormal: shift the mantissa up until its leading 1 is the implicit bit.
  let e = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mantissa & 0x3ff) << 13)) >>> 0;
}

export function float16BitsToFloat32(bits: Uint16Array): Float32Array {
  const table = halfTable();
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) outBits[i] = table[bits[i]!]!;
  return out;
}

/** bfloat16 is the top half of a float32, so decoding is a shift. */
export function bfloat16BitsToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) outBits[i] = bits[i]! << 16;
  return out;
}

/** Round to nearest even; overflow to ±inf, tiny values to subnormals or ±0; NaN stays NaN with its top payload. */
export function float32ToFloat16Bits(values: Float32Array): Uint16Array {
  const inBits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < inBits.length; i++) out[i] = floatBitsToHalfBits(inBits[i]!);
  return out;
}

/** bfloat16 → half in one rounding (bfloat16 → float32 is exact). */
export function bfloat16BitsToFloat16Bits(bits: Uint16Array): Uint16Array {
  const out = new Uint16Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = floatBitsToHalfBits(bits[i]! << 16);
  return out;
}

/** One float32 (as its bits) to half bits; integer-only, after F. Giesen's float_to_half_fast3_rtne. */
export function floatBitsToHalfBits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const abs = f & 0x7fffffff;
  if (abs >= 0x47800000) {
    // |f| >= 2^16 (past the largest half even after rounding), inf or NaN
    if (abs <= 0x7f800000) return sign | 0x7c00;
    const payload = (abs >>> 13) & 0x3ff; // NaN keeps the top payload bits; one whose top bits are all 0 becomes quiet
    return sign | 0x7c00 | (payload === 0 ? 0x200 : payload);
  }
  if (abs >= 0x38800000) {
    // Normal half (|f| >= 2^-14): rebias the exponent, add 0x0fff plus the lowest kept bit so that a tie rounds to
    // even, and keep the top bits. A carry out of the mantissa bumps the exponent, up to inf (0x7c00) above 65504.
    return sign | ((abs - 0x38000000 + 0x0fff + ((abs >>> 13) & 1)) >>> 13);
  }
  if (abs <= 0x33000000) return sign; // |f| <= 2^-25, half the smallest subnormal: rounds (ties to even) to ±0
  // Subnormal half: value = mantissa * 2^(exponent - 150); in units of 2^-24 that is mantissa >> (126 - exponent).
  const mantissa = (abs & 0x7fffff) | 0x800000;
  const shift = 126 - (abs >>> 23); // 14..24
  const rest = mantissa & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  let h = mantissa >>> shift;
  if (rest > halfway || (rest === halfway && (h & 1) === 1)) h++; // may carry into the smallest normal, which is right
  return sign | h;
}

/**
 * float64 → half with one correct rounding: narrow to float32 rounding to odd (an inexact result gets an odd last
 * bit), which carries enough sticky information for the second rounding to be the same as rounding once.
 */
export function float64ToFloat16Bits(values: Float64Array): Uint16Array {
  const narrow = new Float32Array(values);
  const narrowBits = new Uint32Array(narrow.buffer);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let bits = narrowBits[i]!;
    const wide = values[i]!;
    const near = narrow[i]!;
    if (near !== wide && wide === wide && (bits & 1) === 0) {
      bits += Math.abs(near) > Math.abs(wide) ? -1 : 1; // step toward the exact value, onto the odd neighbour
    }
    out[i] = floatBitsToHalfBits(bits);
  }
  return out;
}

const scratchF32 = new Float32Array(1);
const scratchBits = new Uint32Array(scratchF32.buffer);

/** The number rounded to the nearest half (as float32 rounding first, then half); for scalar hot loops. */
export function roundToFloat16(x: number): number {
  scratchF32[0] = x;
  scratchBits[0] = halfTable()[floatBitsToHalfBits(scratchBits[0]!)]!;
  return scratchF32[0];
}
