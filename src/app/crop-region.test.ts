// The crop preview outlines what centerCropWide keeps: the full height of a wide image for a square frame, the
// full width of a tall one, everything when the aspects match.
import { describe, expect, it } from 'vitest';
import { cropRegion } from './crop-region.ts';

describe('cropRegion', () => {
  it('keeps the centred square of a 4:3 image for a 1:1 frame', () => {
    const r = cropRegion(400, 300, 512, 512);
    expect([r.left, r.top, r.width, r.height]).toEqual([0.125, 0, 0.75, 1]);
  });

  it('keeps the centred band of a square image for a 16:9 frame', () => {
    const r = cropRegion(1000, 1000, 912, 512);
    expect(r.width).toBe(1);
    expect(r.height).toBeCloseTo(512 / 912);
    expect(r.top).toBeCloseTo((1 - 512 / 912) / 2);
  });

  it('keeps everything when the aspects match, whatever the sizes', () => {
    expect(cropRegion(1920, 1080, 912, 513)).toMatchObject({ left: 0, width: 1 });
    expect(cropRegion(48, 48, 32, 32)).toEqual({ left: 0, top: 0, width: 1, height: 1 });
  });
});
