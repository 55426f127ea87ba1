// WebP headers (RIFF container, RFC 9649): canvas size from VP8X or the VP8 / VP8L bitstream header, animation from
// the ANMF frame chunks, and whether the file is as long as its RIFF size says.
import { ascii, le16, le24, le32 } from './bytes.ts';
import { type ImageFacts, raster } from './facts.ts';

export function isWebp(b: Uint8Array): boolean {
  return ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';
}

export function readWebp(b: Uint8Array): ImageFacts {
  const riffEnd = 8 + (le32(b, 4) ?? 0);
  const truncated = riffEnd > b.length;
  const end = Math.min(riffEnd, b.length);
  let size: { width: number; height: number } | undefined;
  let frames = 0;
  for (let at = 12; at + 8 <= end; ) {
    const type = ascii(b, at, 4);
    const length = le32(b, at + 4)!;
    const data = at + 8;
    if (type === 'VP8X') size ??= { width: (le24(b, data + 4) ?? 0) + 1, height: (le24(b, data + 7) ?? 0) + 1 };
    else if (type === 'VP8 ' && b[data + 3] === 0x9d && b[data + 4] === 0x01 && b[data + 5] === 0x2a) {
      size ??= { width: (le16(b, data + 6) ?? 0) & 0x3fff, height: (le16(b, data + 8) ?? 0) & 0x3fff };
    } else if (type === 'VP8L' && b[data] === 0x2f) {
      const bits = le32(b, data + 1) ?? 0;
      size ??= { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    } else if (type === 'ANMF') frames++;
    at = data + length + (length & 1); // chunks are padded to an even length
  }
  if (!size || size.width === 0 || size.height === 0) return { kind: 'damaged', format: 'webp', truncated };
  return raster('webp', size.width, size.height, { frames: Math.max(1, frames), truncated });
}
