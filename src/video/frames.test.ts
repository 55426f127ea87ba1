// frames.ts: float RGB → RGBA rounding and clamping, loop orders, even-size padding.
import { describe, expect, it } from 'vitest';
import { loopFrames, padToEven, rgbToRgba } from './frames.ts';

describe('rgbToRgba', () => {
  it('rounds x·255 half up, clamps out-of-range values and NaN, and sets alpha 255', () => {
    const rgb = Float32Array.from([0, 0.5, 1, 0.5 / 255, 1.5 / 255, 2.5 / 255, -0.2, 1.3, Number.NaN, 0.2, 0.6, 0.999]);
    const { data, width, height } = rgbToRgba(rgb, 2, 2);
    expect([width, height]).toEqual([2, 2]);
    // 127.5 → 128 and 2.5 → 3: half up, where a Uint8ClampedArray store alone would round half to even.
    expect(Array.from(data)).toEqual([0, 128, 255, 255, 1, 2, 3, 255, 0, 255, 0, 255, 51, 153, 255, 255]);
  });

  it('rejects data whose length is not width·height·3', () => {
    expect(() => rgbToRgba(new Float32Array(11), 2, 2)).toThrow(/2×2×3 = 12/);
  });
});

describe('loopFrames', () => {
  it('ping-pong of n frames plays f0..fn-1 then fn-2..f1: 2n − 2 frames', () => {
    expect(loopFrames([0, 1, 2, 3], 'pingpong')).toEqual([0, 1, 2, 3, 2, 1]);
    for (const n of [2, 3, 16, 32]) {
      expect(loopFrames(Array.from({ length: n }, (_, i) => i), 'pingpong')).toHaveLength(2 * n - 2);
    }
  });

  it('ping-pong leaves one frame as it is; forward keeps the order', () => {
    expect(loopFrames(['a'], 'pingpong')).toEqual(['a']);
    expect(loopFrames(['a', 'b'], 'pingpong')).toEqual(['a', 'b']);
    expect(loopFrames(['a', 'b', 'c'], 'forward')).toEqual(['a', 'b', 'c']);
  });
});

describe('padToEven', () => {
  const frame = (width: number, height: number) => ({
    width,
    height,
    data: Uint8ClampedArray.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i >> 2) * 10 + (i % 4))),
  });
  const pixel = (f: { data: Uint8ClampedArray; width: number }, x: number, y: number) =>
    Array.from(f.data.subarray((y * f.width + x) * 4, (y * f.width + x) * 4 + 4));

  it('pads an odd size by repeating the last column and the last row', () => {
    const src = frame(3, 3);
    const out = padToEven(src);
    expect([out.width, out.height]).toEqual([4, 4]);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) expect(pixel(out, x, y)).toEqual(pixel(src, Math.min(x, 2), Math.min(y, 2)));
    }
  });

  it('pads only the odd side', () => {
    expect([padToEven(frame(5, 2)).width, padToEven(frame(5, 2)).height]).toEqual([6, 2]);
    expect([padToEven(frame(2, 5)).width, padToEven(frame(2, 5)).height]).toEqual([2, 6]);
  });

  it('returns even frames unchanged', () => {
    const even = frame(4, 2);
    expect(padToEven(even)).toBe(even);
  });
});
