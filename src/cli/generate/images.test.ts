// Image decoding for `generate` matches diffusers' load_image (exif_transpose + PIL convert('RGB')) on the cases that
// differ between decoders; PNG rounding matches numpy_to_pil; batch names stay unique.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_DIR, goldenIndex } from '../../testing/fixtures.ts';
import { checkImage, decodeImage, listImages, toUint8 } from './images.ts';

const tmp = mkdtempSync(join(tmpdir(), 'localmotion-images-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function file(name: string, pixels: Uint8Array | Uint16Array, width: number, channels: 1 | 2 | 3 | 4, make: (s: Sharp) => Sharp) {
  const path = join(tmp, name);
  await make(sharp(pixels, { raw: { width, height: pixels.length / width / channels, channels } })).toFile(path);
  return path;
}
const rgb = async (path: string) => [...(await decodeImage(path)).data];

describe('decodeImage', () => {
  it('decodes the golden test image to the reference uint8 pixels', async () => {
    const e = goldenIndex().tensors['image/test_image_u8']!;
    const image = await decodeImage(join(FIXTURE_DIR, 'golden/test_image.png'));
    expect([image.height, image.width, 3]).toEqual(e.shape);
    expect(Buffer.compare(Buffer.from(image.data), readFileSync(join(FIXTURE_DIR, e.file)))).toBe(0);
  });

  it('drops alpha without compositing, as PIL RGBA → RGB does', async () => {
    const path = await file('rgba.png', Uint8Array.of(10, 20, 30, 0, 200, 100, 50, 128), 2, 4, (s) => s.png());
    expect(await rgb(path)).toEqual([10, 20, 30, 200, 100, 50]);
  });

  it('repeats grayscale into R, G and B', async () => {
    const path = await file('gray.png', Uint8Array.of(7, 250), 2, 1, (s) => s.png());
    expect(await rgb(path)).toEqual([7, 7, 7, 250, 250, 250]);
  });

  it('scales 16-bit PNG to 8-bit as PIL does (>> 8)', async () => {
    const path = await file('deep.png', Uint16Array.of(0, 32896, 65535, 1000, 2000, 3000), 2, 3, (s) => s.toColourspace('rgb16').png());
    expect(await rgb(path)).toEqual([0, 128, 255, 3, 7, 11]);
  });

  it('applies the EXIF orientation of a JPEG', async () => {
    const path = await file('rotated.jpg', new Uint8Array(4 * 2 * 3).fill(128), 4, 3, (s) => s.withMetadata({ orientation: 6 }).jpeg());
    const image = await decodeImage(path);
    expect([image.width, image.height]).toEqual([2, 4]);
  });

  it('decodes lossless WebP exactly', async () => {
    const path = await file('lossless.webp', Uint8Array.of(1, 2, 3, 4, 5, 6), 2, 3, (s) => s.webp({ lossless: true }));
    expect(await rgb(path)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('checkImage', () => {
  it('rejects a GIF naming the file and the format', async () => {
    const path = await file('anim.gif', Uint8Array.of(1, 2, 3), 1, 3, (s) => s.gif());
    await expect(checkImage(path)).rejects.toThrow(`${path}: unsupported image format gif`);
  });

  it('rejects a text file named .png', async () => {
    const path = join(tmp, 'text.png');
    writeFileSync(path, 'hello');
    await expect(checkImage(path)).rejects.toThrow(`${path}: not a readable image`);
  });
});

describe('toUint8', () => {
  it('rounds x · 255 half to even, as numpy does', () => {
    expect([...toUint8(Float32Array.of(0, 1, 0.5 / 255, 1.5 / 255, 2.5 / 255, 0.5))]).toEqual([0, 255, 0, 2, 2, 128]);
  });
});

describe('listImages', () => {
  it('expands a folder into a batch with unique names', async () => {
    const dir = join(tmp, 'batch');
    mkdirSync(dir);
    for (const n of ['b.png', 'a.jpg', 'a.png', 'notes.txt']) writeFileSync(join(dir, n), '');
    const { images, batch } = await listImages([dir]);
    expect(batch).toBe(true);
    expect(images.map((i) => i.name)).toEqual(['a', 'a-png', 'b']);
  });

  it('treats one file as a single run', async () => {
    expect((await listImages([join(FIXTURE_DIR, 'golden/test_image.png')])).batch).toBe(false);
  });
});
