// GIF headers (GIF89a spec): the logical screen size, and the number of frames (image descriptors) up to the trailer.
// The app does not take GIFs; counting frames lets it say "animated" rather than just "not supported".
import { ascii, le16 } from './bytes.ts';
import { type ImageFacts, raster } from './facts.ts';

export function isGif(b: Uint8Array): boolean {
  const tag = ascii(b, 0, 6);
  return tag === 'GIF87a' || tag === 'GIF89a';
}

export function readGif(b: Uint8Array): ImageFacts {
  if (b.length < 13) return { kind: 'damaged', format: 'gif', truncated: true };
  const width = le16(b, 6)!;
  const height = le16(b, 8)!;
  let at = 13 + colourTableBytes(b[10]!);
  let frames = 0;
  let ended = false;
  while (at < b.length && !ended) {
    const block = b[at]!;
    if (block === 0x3b) ended = true; // trailer
    else if (block === 0x21) at = skipSubBlocks(b, at + 2); // extension: introducer, label, sub-blocks
    else if (block === 0x2c) {
      frames++;
      at = skipSubBlocks(b, at + 10 + colourTableBytes(b[at + 9] ?? 0) + 1); // descriptor, local table, LZW size
    } else break; // not a block: damaged from here on
  }
  if (width === 0 || height === 0 || frames === 0) return { kind: 'damaged', format: 'gif', truncated: !ended };
  return raster('gif', width, height, { frames, truncated: !ended });
}

const colourTableBytes = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);

/** The offset after a chain of data sub-blocks (each a length byte and that many bytes; a 0 length ends it). */
function skipSubBlocks(b: Uint8Array, at: number): number {
  while (at < b.length && b[at] !== 0) at += b[at]! + 1;
  return at + 1;
}
