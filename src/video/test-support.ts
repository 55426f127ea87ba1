// Test support for the video realm (Node and browser tests share it): deterministic synthetic frames and PSNR.
import { mulberry32 as random } from '../pipeline/random.ts';
import type { RgbaFrame } from './frames.ts';

/**
 * Frame f of a moving scene: horizontal and vertical gradients, a diagonal wave that drifts 4 px a frame, and
 * uniform noise of ±noise/2 levels per channel (new each frame, like film grain).
 */
export function syntheticFrame(width: number, height: number, f: number, noise = 16): RgbaFrame {
  const next = random(1000 + f);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const n = () => (next() - 0.5) * noise;
      data[o] = Math.round(30 + (x / width) * 190 + f * 2 + n());
      data[o + 1] = Math.round(30 + (y / height) * 190 + n());
      data[o + 2] = Math.round(128 + 60 * Math.sin((x + y + 4 * f) / 8) + n());
      data[o + 3] = 255;
    }
  }
  return { data, width, height };
}

export function syntheticFrames(width: number, height: number, count: number, noise = 16): RgbaFrame[] {
  return Array.from({ length: count }, (_, f) => syntheticFrame(width, height, f, noise));
}

/** The frames' RGB bytes, frame after frame: what `ffmpeg -f rawvideo -pix_fmt rgb24` decodes to. */
export function rgb24(frames: readonly RgbaFrame[]): Uint8Array {
  const out = new Uint8Array(frames.reduce((n, f) => n + f.width * f.height * 3, 0));
  let o = 0;
  for (const f of frames) {
    for (let i = 0; i < f.data.length; i += 4) {
      out[o++] = f.data[i]!;
      out[o++] = f.data[i + 1]!;
      out[o++] = f.data[i + 2]!;
    }
  }
  return out;
}

/**
 * The frames' BT.709 luma, rounded to 8 bits, frame after frame: what a full-range BT.709 stream (Chromium's
 * encoders write one) codes as Y. 4:2:0 video keeps luma at full resolution, so PSNR-Y judges pixel noise fairly.
 */
export function luma709(frames: readonly RgbaFrame[]): Uint8Array {
  const out = new Uint8Array(frames.reduce((n, f) => n + f.width * f.height, 0));
  let o = 0;
  for (const f of frames) {
    for (let i = 0; i < f.data.length; i += 4) out[o++] = Math.round(0.2126 * f.data[i]! + 0.7152 * f.data[i + 1]! + 0.0722 * f.data[i + 2]!);
  }
  return out;
}

/** Peak signal-to-noise ratio of 8-bit data in dB (Infinity when equal). */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`psnr of ${a.length} and ${b.length} values`);
  let squared = 0;
  for (let i = 0; i < a.length; i++) squared += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255 * a.length) / squared);
}
