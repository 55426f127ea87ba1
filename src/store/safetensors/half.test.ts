// Tests for half.ts against slow exact references: every half, every rounding tie, random float32 and float64 values.
import { describe, expect, it } from 'vitest';
import {
  bfloat16BitsToFloat16Bits,
  bfloat16BitsToFloat32,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  float64ToFloat16Bits,
  roundToFloat16,
} from './half.ts';

/** Exact value of a half from the IEEE formula (NaN for NaNs). */
function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Positive halves by bits 0..0x7c00, with 0x7c00 (inf) standing at 65536 where rounding past 65504 lands. */
const ladder = Array.from({ length: 0x7c01 }, (_, h) => (h === 0x7c00 ? 65536 : halfValue(h)));

/** Nearest half to any double, ties to the even bit pattern, found by binary search on the ladder. */
function referenceHalf(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a >= 65536) return sign | 0x7c00;
  let lo = 0; // ladder[lo] <= a < ladder[hi]
  let hi = 0x7c00;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (ladder[mid]! <= a) lo = mid;
    else hi = mid;
  }
  const below = a - ladder[lo]!;
  const above = ladder[hi]! - a;
  return sign | (below < above || (below === above && (lo & 1) === 0) ? lo : hi);
}

function floatsFromBits(bits: Uint32Array): Float32Array {
  return new Float32Array(bits.buffer, bits.byteOffset, bits.length);
}

function allHalves(): Uint16Array {
  return Uint16Array.from({ length: 65536 }, (_, h) => h);
}

/** A deterministic xorshift stream of 32-bit words. */
function randomWords(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}

function expectHalves(actual: Uint16Array, inputs: ArrayLike<number>): void {
  for (let i = 0; i < inputs.length; i++) {
    const want = referenceHalf(inputs[i]!);
    const got = actual[i]!;
    if (Number.isNaN(inputs[i]!) ? (got & 0x7c00) !== 0x7c00 || (got & 0x3ff) === 0 : got !== want) {
      expect.fail(`input ${inputs[i]} → 0x${got.toString(16)}, want 0x${want.toString(16)}`);
    }
  }
}

describe('float16BitsToFloat32', () => {
  it('decodes every half exactly', () => {
    const floats = float16BitsToFloat32(allHalves());
    for (let h = 0; h < 65536; h++) {
      const want = halfValue(h);
      if (Number.isNaN(want)) expect(floats[h]).toBeNaN();
      else if (!Object.is(floats[h], want)) expect.fail(`0x${h.toString(16)} → ${floats[h]}, want ${want}`);
    }
  });
});

describe('float32ToFloat16Bits', () => {
  it('round-trips every half bit pattern, NaN payloads, subnormals and -0 included', () => {
    const halves = allHalves();
    expect(float32ToFloat16Bits(float16BitsToFloat32(halves))).toEqual(halves);
  });

  it('rounds each midpoint between neighbouring halves to the even one, and the floats beside it to the nearer', () => {
    const bits: number[] = [];
    const scratch = new Float32Array(1);
    const scratchBits = new Uint32Array(scratch.buffer);
    for (let h = 0; h < 0x7c00; h++) {
      scratch[0] = (ladder[h]! + ladder[h + 1]!) / 2; // 12 significant bits: exact in float32
      const mid = scratchBits[0]!;
      bits.push(mid, mid - 1, mid + 1, (mid | 0x80000000) >>> 0, ((mid - 1) | 0x80000000) >>> 0);
    }
    const inputs = floatsFromBits(Uint32Array.from(bits));
    expectHalves(float32ToFloat16Bits(inputs), inputs);
  });

  it('matches the exact reference on a million random float32 bit patterns', () => {
    const inputs = floatsFromBits(randomWords(1_000_000, 0x5eed));
    expectHalves(float32ToFloat16Bits(inputs), inputs);
  });

  it('matches the exact reference on random floats within the half range, where most of the rounding happens', () => {
    const words = randomWords(1_000_000, 42);
    // Exponents 97..143 cover below the smallest subnormal (2^-25) to past the largest half (2^16).
    const bits = words.map((w) => ((w & 0x807fffff) | ((97 + ((w >>> 23) % 47)) << 23)) >>> 0);
    const inputs = floatsFromBits(bits);
    expectHalves(float32ToFloat16Bits(inputs), inputs);
  });

  it('overflows to inf past 65504, keeps inf and NaN, flushes below 2^-25 to signed zero', () => {
    const inputs = Float32Array.of(
      65504, 65519.996, 65520, 1e6, Infinity, -Infinity, NaN, 2 ** -25, -(2 ** -25), 2 ** -24, -0,
    );
    expect([...float32ToFloat16Bits(inputs)]).toEqual([
      0x7bff, 0x7bff, 0x7c00, 0x7c00, 0x7c00, 0xfc00, 0x7e00, 0x0000, 0x8000, 0x0001, 0x8000,
    ]);
  });

  it('converts a view into the middle of a buffer', () => {
    const buffer = new Float32Array([9, 1, 2, 9]);
    expect([...float32ToFloat16Bits(buffer.subarray(1, 3))]).toEqual([0x3c00, 0x4000]);
  });
});

describe('bfloat16', () => {
  it('decodes every bfloat16 as the top half of a float32', () => {
    const floats = bfloat16BitsToFloat32(allHalves());
    const view = new DataView(new ArrayBuffer(4));
    for (let b = 0; b < 65536; b++) {
      view.setUint32(0, b * 65536);
      const want = view.getFloat32(0);
      if (Number.isNaN(want)) expect(floats[b]).toBeNaN();
      else if (!Object.is(floats[b], want)) expect.fail(`0x${b.toString(16)} → ${floats[b]}, want ${want}`);
    }
  });

  it('converts every bfloat16 to the nearest half', () => {
    const all = allHalves();
    expectHalves(bfloat16BitsToFloat16Bits(all), bfloat16BitsToFloat32(all));
  });
});

describe('float64ToFloat16Bits', () => {
  it('matches the exact reference on random doubles in the half range', () => {
    const words = randomWords(400_000, 7);
    const inputs = Float64Array.from({ length: 200_000 }, (_, i) => {
      const mantissa = 1 + words[2 * i]! / 2 ** 32 + words[2 * i + 1]! / 2 ** 64;
      return (i & 1 ? -1 : 1) * mantissa * 2 ** ((words[2 * i + 1]! % 48) - 30);
    });
    expectHalves(float64ToFloat16Bits(inputs), inputs);
  });

  it('rounds once: a double just past a half tie goes up, where narrowing to float32 first would make a tie', () => {
    for (let h = 0; h < 0x7bff; h += 2) {
      const mid = (ladder[h]! + ladder[h + 1]!) / 2;
      const justAbove = mid + mid * 2 ** -40; // below float32 resolution, so Math.fround gives the tie back
      expect(Math.fround(justAbove)).toBe(mid);
      const [got] = float64ToFloat16Bits(Float64Array.of(justAbove, -justAbove));
      if (got !== h + 1) expect.fail(`${justAbove} → 0x${got?.toString(16)}, want 0x${(h + 1).toString(16)}`);
    }
  });

  it('overflows huge doubles to inf and keeps the sign of tiny ones', () => {
    expect([...float64ToFloat16Bits(Float64Array.of(1e300, -1e300, -1e-300, 1e-300, NaN))]).toEqual([
      0x7c00, 0xfc00, 0x8000, 0x0000, 0x7e00,
    ]);
  });
});

describe('roundToFloat16', () => {
  it('agrees with the array conversion round trip', () => {
    const values = Float32Array.from({ length: 10000 }, (_, i) => Math.sin(i) * 10 ** ((i % 12) - 8));
    const viaArrays = float16BitsToFloat32(float32ToFloat16Bits(values));
    for (let i = 0; i < values.length; i++) expect(roundToFloat16(values[i]!)).toBe(viaArrays[i]);
  });
});
