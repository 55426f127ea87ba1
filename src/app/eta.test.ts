// The time left comes from the steps measured so far (not the first, which also compiles shaders), per stage.
import { describe, expect, it } from 'vitest';
import { EtaClock } from './eta.ts';

describe('EtaClock', () => {
  it('estimates the denoising steps left from the steps after the first', () => {
    const clock = new EtaClock();
    expect(clock.record('encode-image', 2, 2, 0)).toBeUndefined();
    expect(clock.record('denoise', 1, 10, 5_000)).toBeUndefined(); // the slow first step
    expect(clock.record('denoise', 2, 10, 6_000)).toBe(8);
    expect(clock.record('denoise', 4, 10, 8_000)).toBe(6);
    expect(clock.record('denoise', 10, 10, 14_000)).toBe(0);
  });

  it('starts over for the decode stage, per frame', () => {
    const clock = new EtaClock();
    clock.record('denoise', 1, 2, 0);
    clock.record('denoise', 2, 2, 1_000);
    expect(clock.record('decode', 1, 4, 1_500)).toBeUndefined();
    expect(clock.record('decode', 2, 4, 2_000)).toBe(1);
  });

  it('tells nothing for stages without units to count', () => {
    const clock = new EtaClock();
    expect(clock.record('load', 1, 5, 0)).toBeUndefined();
    expect(clock.record('load', 3, 5, 100)).toBeUndefined();
    expect(clock.record('encode-video', 2, 4, 200)).toBeUndefined();
  });
});
