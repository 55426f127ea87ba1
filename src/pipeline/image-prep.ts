// Image preprocessing exactly as diffusers' I2VGenXLPipeline (pipelines/i2vgen_xl/pipeline_i2vgen_xl.py):
// _center_crop_wide (BOX resize by a floor-divided scale, then center crop), _resize_bilinear to the CLIP size with
// CLIP mean/std normalisation, and the VAE input /255·2−1, all as NCHW float32.
import { cropRgb, resizePil, type RgbImage } from './pil-resize.ts';

/** Resize so the image covers (width, height) keeping its aspect ratio (BOX), then crop the center. */
export function centerCropWide(img: RgbImage, width: number, height: number): RgbImage {
  const scale = Math.min(img.width / width, img.height / height);
  // Python: round(image.size[0] // scale). Python's float floor-division is not floor(a / b): for 200 // (200/224)
  // it gives 223, and the reference then crops one row past the image (black), so we do too.
  const w = pyFloorDiv(img.width, scale);
  const h = pyFloorDiv(img.height, scale);
  const resized = resizePil(img, w, h, 'box');
  return cropRgb(resized, Math.floor((w - width) / 2), Math.floor((h - height) / 2), width, height);
}

/** CPython's float_floor_div (Objects/floatobject.c float_divmod). */
export function pyFloorDiv(a: number, b: number): number {
  let mod = a % b; // C fmod
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return 0;
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

export interface ClipPreprocessing {
  readonly size: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** pixel_values [1, 3, S, S] for the image encoder: crop-wide to a square, bilinear to S, /255, CLIP normalise. */
export function clipPixelValues(img: RgbImage, width: number, p: ClipPreprocessing): Float32Array {
  const square = resizePil(centerCropWide(img, width, width), p.size, p.size, 'bilinear');
  return toNchw(square, (v, c) => (v / 255 - p.mean[c]!) / p.std[c]!);
}

/** The VAE input [1, 3, H, W] in [-1, 1] from the crop-wide of (width, height). */
export function vaePixels(img: RgbImage, width: number, height: number): Float32Array {
  return toNchw(centerCropWide(img, width, height), (v) => (v / 255) * 2 - 1);
}

function toNchw(img: RgbImage, f: (value: number, channel: number) => number): Float32Array {
  const plane = img.width * img.height;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[c * plane + i] = f(img.data[i * 3 + c]!, c);
  return out;
}
