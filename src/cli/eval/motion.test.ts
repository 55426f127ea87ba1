import { describe, expect, it } from 'vitest';
import { analyseClip, findObject, followsMotion, psnr } from './motion.ts';

const W = 32;

/** A grey frame with a red square of side `side` whose top-left corner is (x, y). */
function frame(x: number, y: number, side: number): Float32Array {
  const f = new Float32Array(W * W * 3).fill(0.5);
  for (let j = y; j < y + side; j++) {
    for (let i = x; i < x + side; i++) {
      if (i < 0 || j < 0 || i >= W || j >= W) continue;
      f.set([0.86, 0.16, 0.16], (j * W + i) * 3);
    }
  }
  return f;
}

const clip = (f: (k: number) => [number, number, number]) => Array.from({ length: 8 }, (_, k) => frame(...f(k)));

describe('motion judge', () => {
  it('finds the saturated object: area and centroid', () => {
    const o = findObject(frame(4, 10, 6), W, W);
    expect(o.area).toBe(36);
    expect(o.cx).toBeCloseTo(7);
    expect(o.cy).toBeCloseTo(13);
  });

  it('reads the direction of a translation from the centroid', () => {
    const right = analyseClip(clip((k) => [8 + 2 * k, 12, 6]), W, W);
    expect(right.observed).toBe('right');
    expect(right.dx).toBeCloseTo(2);
    expect(followsMotion('right', right)).toBe(true);
    expect(followsMotion('left', right)).toBe(false);
    const up = analyseClip(clip((k) => [12, 20 - k, 6]), W, W);
    expect(up.observed).toBe('up');
    expect(followsMotion('up', up)).toBe(true);
  });

  it('tells growing, shrinking and still clips apart', () => {
    const grow = analyseClip(clip((k) => [14 - k / 2, 14 - k / 2, 4 + k]), W, W);
    expect(grow.areaRatio).toBeGreaterThan(2);
    expect(followsMotion('grow', grow)).toBe(true);
    expect(followsMotion('shrink', grow)).toBe(false);
    const still = analyseClip(clip(() => [12, 12, 6]), W, W);
    expect(still.observed).toBe('still');
    expect(followsMotion('still', still)).toBe(true);
    expect(followsMotion('still', analyseClip(clip((k) => [8 + k, 12, 6]), W, W))).toBe(false);
  });

  it('PSNR: identical frames are infinite, bytes and floats compare on one scale', () => {
    const a = frame(4, 4, 8);
    expect(psnr(a, a)).toBe(Infinity);
    const bytes = Uint8Array.from(a, (v) => Math.round(v * 255));
    expect(psnr(a, bytes)).toBeGreaterThan(50);
    expect(psnr(a, frame(8, 4, 8))).toBeLessThan(25);
  });
});
