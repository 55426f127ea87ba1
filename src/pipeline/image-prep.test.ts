// Image preprocessing equals the reference: Pillow's BOX/BILINEAR resizes and the pipeline's center-crop-wide
// byte for byte (testdata/ made by Pillow 9.4 with make_pil_resize.py), and the golden pipeline's CLIP and VAE
// inputs for the golden test image.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenFloat32, goldenIndex, FIXTURE_DIR, maxAbsDiff } from '../testing/fixtures.ts';
import { centerCropWide, clipPixelValues, vaePixels } from './image-prep.ts';
import { resizePil, type RgbImage } from './pil-resize.ts';

const testdata = join(import.meta.dirname, 'testdata');
const cases = JSON.parse(readFileSync(join(testdata, 'pil-resize.json'), 'utf8')).cases as {
  name: string;
  kind: 'box' | 'bilinear' | 'center-crop-wide';
  src: [number, number];
  size: [number, number];
  file: string;
}[];

/** The same pattern make_pil_resize.py draws. */
function pattern(w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = (x * 37 + y * 91 + c * 53 + ((x * y) % 13) * 7) % 256;
  return { width: w, height: h, data };
}

function goldenU8(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_DIR, goldenIndex().tensors[name]!.file)));
}

const testImage = (): RgbImage => {
  const [h, w] = goldenIndex().tensors['image/test_image_u8']!.shape as [number, number];
  return { width: w, height: h, data: goldenU8('image/test_image_u8') };
};

describe('Pillow resampling', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s equals Pillow byte for byte', (_, c) => {
    const src = pattern(c.src[0], c.src[1]);
    const [w, h] = c.size;
    const out = c.kind === 'center-crop-wide' ? centerCropWide(src, w, h) : resizePil(src, w, h, c.kind);
    expect([out.width, out.height]).toEqual([w, h]);
    expect(Buffer.from(out.data).equals(readFileSync(join(testdata, c.file)))).toBe(true);
  });
});

describe('pipeline image inputs for the golden test image', () => {
  const size = 32; // the fixture's pipeline call: 32×32, CLIP crop 32
  it('CLIP crop, resize and pixel values equal the reference', () => {
    expect(Buffer.from(centerCropWide(testImage(), size, size).data).equals(Buffer.from(goldenU8('pipeline/clip_center_crop_u8')))).toBe(true);
    const pixels = clipPixelValues(testImage(), size, {
      size,
      mean: [0.48145466, 0.4578275, 0.40821073],
      std: [0.26862954, 0.26130258, 0.27577711],
    });
    expect(maxAbsDiff(pixels, goldenFloat32('pipeline/clip_pixel_values').data)).toBeLessThan(1e-6);
  });

  it('VAE crop and input equal the reference', () => {
    expect(Buffer.from(centerCropWide(testImage(), size, size).data).equals(Buffer.from(goldenU8('pipeline/vae_center_crop_u8')))).toBe(true);
    expect(maxAbsDiff(vaePixels(testImage(), size, size), goldenFloat32('pipeline/vae_image_in').data)).toBeLessThan(1e-6);
  });
});
