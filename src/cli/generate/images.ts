// Input images for `generate`: --image files and folders expanded into a batch, each checked and decoded with sharp
// to 8-bit RGB the way diffusers' load_image does it (PIL ImageOps.exif_transpose, then .convert('RGB')); frames
// encoded as PNG the way diffusers' numpy_to_pil rounds them.
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { RgbImage } from '../../pipeline/pil-resize.ts';
import { fileError, messageOf } from './errors.ts';

export const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
const EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'];

export interface InputImage {
  readonly path: string;
  /** The output sub-folder in a batch: the file name without its extension, made unique. */
  readonly name: string;
}

export interface ImageInfo {
  readonly format: (typeof IMAGE_FORMATS)[number];
  readonly width: number;
  readonly height: number;
}

/** Several --image arguments, or any folder, make a batch (one output sub-folder per image). */
export async function listImages(args: readonly string[]): Promise<{ images: InputImage[]; batch: boolean }> {
  const paths: string[] = [];
  let folder = false;
  for (const arg of args) {
    const s = await stat(arg).catch(() => undefined);
    if (!s) throw fileError(`${arg}: no such image file or folder`);
    if (!s.isDirectory()) {
      paths.push(arg);
      continue;
    }
    folder = true;
    const found = (await readdir(arg)).filter((n) => EXTENSIONS.includes(extname(n).toLowerCase())).sort();
    if (found.length === 0) throw fileError(`${arg}: the folder holds no ${EXTENSIONS.join(', ')} images`);
    paths.push(...found.map((n) => join(arg, n)));
  }
  const used = new Set<string>();
  const images = paths.map((path) => ({ path, name: uniqueName(path, used) }));
  return { images, batch: folder || images.length > 1 };
}

function uniqueName(path: string, used: Set<string>): string {
  const file = basename(path);
  const stem = basename(file, extname(file)) || file;
  let name = used.has(stem) ? file.replace(/\./g, '-') : stem; // a.png and a.jpg → a, a-jpg
  for (let i = 2; used.has(name); i++) name = `${stem}-${i}`;
  used.add(name);
  return name;
}

/** Reads the header only: a format sharp knows, one of png/jpeg/webp. Throws CliError naming the file. */
export async function checkImage(path: string): Promise<ImageInfo> {
  let meta: Metadata;
  try {
    meta = await sharp(path).metadata();
  } catch (e) {
    throw fileError(`${path}: not a readable image (${messageOf(e)})`);
  }
  const format = IMAGE_FORMATS.find((f) => f === meta.format);
  if (!format) throw fileError(`${path}: unsupported image format ${meta.format} (supported: ${IMAGE_FORMATS.join(', ')})`);
  return { format, width: meta.width, height: meta.height };
}

/**
 * Decodes to interleaved 8-bit RGB: EXIF orientation applied (any format); alpha dropped without compositing, as
 * PIL's RGBA → RGB convert does; grayscale repeated into R, G and B; 16-bit scaled to 8-bit; palettes expanded. CMYK
 * and images with an embedded ICC profile go through the profile to sRGB (libvips), where PIL would use a naive
 * formula / ignore the profile — the pixels of such files differ slightly from the reference pipeline's.
 */
export async function decodeImage(path: string): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(path)
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (e) {
    throw fileError(`${path}: could not decode the image (${messageOf(e)})`);
  }
}

/** One HWC RGB frame in [0, 1] → PNG bytes. */
export function encodePng(frame: Float32Array, width: number, height: number): Promise<Buffer> {
  return sharp(toUint8(frame), { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** numpy_to_pil: (x * 255).round().astype('uint8') — a float32 product, rounded half to even. */
export function toUint8(frame: Float32Array): Uint8Array {
  const out = new Uint8Array(frame.length);
  for (let i = 0; i < frame.length; i++) {
    const v = Math.fround(frame[i]! * 255);
    let r = Math.round(v);
    if (r - v === 0.5 && r % 2 !== 0) r -= 1;
    out[i] = Math.min(255, Math.max(0, r));
  }
  return out;
}
