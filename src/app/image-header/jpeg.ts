// JPEG headers (ITU T.81): size, precision and colour components from the first SOF segment, and whether an EOI
// marker follows the first scan (a download cut short has none; Chrome would show the missing part grey).
import { be16 } from './bytes.ts';
import { type ImageFacts, raster } from './facts.ts';

export const JPEG_SIGNATURE = [0xff, 0xd8, 0xff] as const;

/** Start-of-frame markers: baseline, extended, progressive, lossless, arithmetic (not DHT C4, JPG C8, DAC CC). */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

export function readJpeg(b: Uint8Array): ImageFacts {
  const damaged = (truncated: boolean): ImageFacts => ({ kind: 'damaged', format: 'jpeg', truncated });
  let frame: { width: number; height: number; bitDepth: number; components: number } | undefined;
  let scanStart = -1;
  for (let at = 2; scanStart < 0; ) {
    if (at >= b.length) return damaged(true);
    if (b[at] !== 0xff) return damaged(false); // not a marker where one must be
    while (b[at] === 0xff) at++; // fill bytes
    const marker = b[at++];
    if (marker === undefined) return damaged(true);
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // markers without a length
    if (marker === 0xd9 || marker === 0xd8) return damaged(false); // EOI / SOI before any picture data
    const length = be16(b, at);
    if (length === undefined || at + length > b.length) return frame ? raster('jpeg', frame.width, frame.height, { ...traits(frame), truncated: true }) : damaged(true);
    if (length < 2) return damaged(false);
    if (isStartOfFrame(marker) && !frame && length >= 8) {
      frame = { bitDepth: b[at + 2]!, height: be16(b, at + 3)!, width: be16(b, at + 5)!, components: b[at + 7]! };
    }
    if (marker === 0xda) scanStart = at + length;
    at += length;
  }
  if (!frame || frame.width === 0 || frame.height === 0) return damaged(false);
  return raster('jpeg', frame.width, frame.height, { ...traits(frame), truncated: !hasEndMarker(b, scanStart) });
}

const traits = (f: { bitDepth: number; components: number }) => ({ bitDepth: f.bitDepth, cmyk: f.components === 4 });

/** An FF D9 after the scan data starts. Entropy-coded data never holds FF D9 (FF is stuffed as FF 00), and EOI is
 *  normally the last thing in the file, so search from the end. */
function hasEndMarker(b: Uint8Array, from: number): boolean {
  for (let i = b.length - 1; i > from; i--) if (b[i] === 0xd9 && b[i - 1] === 0xff) return true;
  return false;
}
