// The input image in the worker: an encoded file (PNG/JPEG/WebP/…) decoded by the browser with its EXIF orientation
// applied, or RGBA pixels, as the pipeline's RGB image. Alpha is dropped, as PIL's convert("RGB") does.
import { EngineError } from '../protocol/errors.ts';
import type { RgbaImage } from '../protocol/engine.ts';
import type { RgbImage } from '../pipeline/pil-resize.ts';

/** The largest side we decode: beyond it a phone photo costs hundreds of MB for a 1024-pixel model input. */
export const MAX_IMAGE_SIDE = 8192;

export async function toRgbImage(image: Blob | RgbaImage): Promise<RgbImage> {
  const rgba = image instanceof Blob ? await decodeBlob(image) : checkRgba(image);
  const { width, height, data } = rgba;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgb[i] = data[j]!;
    rgb[i + 1] = data[j + 1]!;
    rgb[i + 2] = data[j + 2]!;
  }
  return { width, height, data: rgb };
}

function checkRgba(image: RgbaImage): RgbaImage {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new EngineError('bad-image', `image size must be positive integers, got ${width}×${height}`);
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new EngineError('bad-image', `the image is ${width}×${height}; the largest side may be ${MAX_IMAGE_SIDE} pixels`, { width, height });
  }
  if (!(data instanceof Uint8ClampedArray) || data.length !== width * height * 4) {
    throw new EngineError('bad-image', `RGBA data must have ${width * height * 4} bytes for ${width}×${height}`);
  }
  return image;
}

async function decodeBlob(blob: Blob): Promise<RgbaImage> {
  if (blob.size === 0) throw new EngineError('bad-image', 'the image file is empty');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'default' });
  } catch (e) {
    throw new EngineError('bad-image', `the browser could not decode this image${blob.type ? ` (${blob.type})` : ''}`, { cause: String(e) });
  }
  try {
    const { width, height } = bitmap;
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
      throw new EngineError('bad-image', `the image is ${width}×${height}; the largest side may be ${MAX_IMAGE_SIDE} pixels`, { width, height });
    }
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new EngineError('internal', 'no 2D canvas context in this worker');
    context.drawImage(bitmap, 0, 0);
    return { width, height, data: context.getImageData(0, 0, width, height).data };
  } finally {
    bitmap.close();
  }
}
