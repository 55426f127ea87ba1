// PNG headers (ISO/IEC 15948, and the APNG extension): size and bit depth from IHDR, frames from acTL, and whether the
// chunk list reaches IEND (a download cut short loses IEND, often mid-IDAT).
import { ascii, be32 } from './bytes.ts';
import { type ImageFacts, raster } from './facts.ts';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

export function readPng(b: Uint8Array): ImageFacts {
  const damaged = (truncated: boolean): ImageFacts => ({ kind: 'damaged', format: 'png', truncated });
  // IHDR: length 13 at offset 8, then width, height, bit depth, colour type, compression, filter, interlace.
  if (b.length < 33) return damaged(true);
  if (be32(b, 8) !== 13 || ascii(b, 12, 4) !== 'IHDR') return damaged(false);
  const width = be32(b, 16)!;
  const height = be32(b, 20)!;
  const bitDepth = b[24]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff || ![1, 2, 4, 8, 16].includes(bitDepth)) return damaged(false);

  let frames = 1;
  let sawData = false;
  let ended = false;
  for (let at = 8; at + 12 <= b.length; ) {
    const length = be32(b, at)!;
    const type = ascii(b, at + 4, 4);
    if (at + 12 + length > b.length) break; // this chunk runs past the end of the file
    if (type === 'acTL') frames = Math.max(1, be32(b, at + 8)!);
    else if (type === 'IDAT') sawData = true;
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    at += 12 + length;
  }
  if (ended && !sawData) return damaged(false);
  return raster('png', width, height, { frames, bitDepth, truncated: !ended });
}
