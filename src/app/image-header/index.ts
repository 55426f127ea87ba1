// What a file is, from its bytes alone (never its name or the browser's MIME guess): the header facts of a PNG, JPEG,
// WebP or GIF, or which other kind of file it is. Pure (bytes in, facts out), so Node tests build the bytes.
import { isGif, readGif } from './gif.ts';
import { JPEG_SIGNATURE, readJpeg } from './jpeg.ts';
import { PNG_SIGNATURE, readPng } from './png.ts';
import { isWebp, readWebp } from './webp.ts';
import { sniffOther } from './sniff.ts';
import { startsWith } from './bytes.ts';
import type { ImageFacts } from './facts.ts';

export type { ImageFacts, NotImage, OtherFormat, ParsedFormat, RasterFacts } from './facts.ts';

export function readImageFacts(bytes: Uint8Array): ImageFacts {
  if (startsWith(bytes, PNG_SIGNATURE)) return readPng(bytes);
  if (startsWith(bytes, JPEG_SIGNATURE)) return readJpeg(bytes);
  if (isWebp(bytes)) return readWebp(bytes);
  if (isGif(bytes)) return readGif(bytes);
  return sniffOther(bytes);
}
