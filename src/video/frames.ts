// Frames for the encoders: pipeline output (RGB float32 in [0,1], HWC) → 8-bit RGBA, loop orders, even-size padding.
import type { LoopMode } from '../protocol/engine.ts';

/** One 8-bit RGBA frame, rows top to bottom, the layout ImageData and VideoFrame('RGBA') use. */
export interface RgbaFrame {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** forward: f0..fn-1; pingpong: f0..fn-1 then fn-2..f1, so the loop seam repeats no frame (the protocol's type). */
export type { LoopMode };

/** RGB float32 HWC in [0,1] → RGBA bytes: round(x·255), clamped (NaN → 0), alpha 255. */
export function rgbToRgba(rgb: Float32Array, width: number, height: number): RgbaFrame {
  const pixels = width * height;
  if (rgb.length !== pixels * 3) {
    throw new RangeError(`rgb has ${rgb.length} values, ${width}×${height}×3 = ${pixels * 3} expected`);
  }
  const data = new Uint8ClampedArray(pixels * 4);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 3, o += 4) {
    // Uint8ClampedArray clamps to 0–255 and maps NaN to 0; it rounds half to even, so round explicitly first.
    data[o] = Math.round(rgb[i]! * 255);
    data[o + 1] = Math.round(rgb[i + 1]! * 255);
    data[o + 2] = Math.round(rgb[i + 2]! * 255);
    data[o + 3] = 255;
  }
  return { data, width, height };
}

/** The frames in playing order for one loop; ping-pong of n ≥ 2 frames is 2n − 2 frames (one frame stays one). */
export function loopFrames<T>(frames: readonly T[], loop: LoopMode): T[] {
  if (loop === 'forward' || frames.length < 2) return [...frames];
  return [...frames, ...frames.slice(1, -1).reverse()];
}

/**
 * The frame with even width and height. H.264 (and the 4:2:0 chroma of VP9/AV1 as encoders are usually built)
 * needs even sizes; an odd size is padded by one column/row repeating the last one, not cropped or scaled: no
 * pixel of the input is lost or resampled, and an edge copy is the padding that costs the encoder fewest bits.
 * Even frames are returned as they are.
 */
export function padToEven(frame: RgbaFrame): RgbaFrame {
  const { width, height, data } = frame;
  const w = width + (width % 2);
  const h = height + (height % 2);
  if (w === width && h === height) return frame;
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const src = Math.min(y, height - 1) * width * 4;
    out.set(data.subarray(src, src + width * 4), y * w * 4);
    if (w !== width) out.copyWithin(y * w * 4 + width * 4, y * w * 4 + (width - 1) * 4, y * w * 4 + width * 4);
  }
  return { data: out, width: w, height: h };
}
