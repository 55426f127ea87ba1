// Files that are not PNG, JPEG, WebP or GIF, by their magic numbers: other picture formats (named, so the message can
// say which), videos, documents and archives, SVG and HTML (markup: never rendered), plain text, and the rest.
import { ascii, startsWith } from './bytes.ts';
import type { ImageFacts } from './facts.ts';

const HEIF_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];
const BMP_HEADER_SIZES = [12, 40, 52, 56, 64, 108, 124];

export function sniffOther(b: Uint8Array): ImageFacts {
  const other = (format: Extract<ImageFacts, { kind: 'other-image' }>['format']): ImageFacts => ({ kind: 'other-image', format });
  const notImage = (what: Extract<ImageFacts, { kind: 'not-image' }>['what']): ImageFacts => ({ kind: 'not-image', what });

  if (ascii(b, 4, 4) === 'ftyp') {
    // ISO base media: the brands say AVIF / HEIC (still pictures) or MP4 / MOV / 3GP (video).
    const brands = [ascii(b, 8, 4)];
    const boxEnd = Math.min(b.length, ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
    for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(ascii(b, at, 4));
    if (brands.some((x) => x === 'avif' || x === 'avis')) return other('AVIF');
    if (brands.some((x) => HEIF_BRANDS.includes(x))) return other('HEIC');
    return notImage('video');
  }
  if (ascii(b, 0, 2) === 'BM' && BMP_HEADER_SIZES.includes(b[14] ?? -1) && b[15] === 0 && b[16] === 0 && b[17] === 0) return other('BMP');
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return other('TIFF');
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return other('JPEG XL');
  if (startsWith(b, [0, 0, 1, 0]) && b.length > 6 && (b[4]! | b[5]!) !== 0 && b[9] === 0) return other('ICO');
  if (ascii(b, 0, 4) === '8BPS') return other('PSD');
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) || (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'AVI ')) return notImage('video');
  if (ascii(b, 0, 5) === '%PDF-') return notImage('pdf');
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return notImage('zip');
  const text = asText(b.subarray(0, 4096));
  if (text === undefined) return notImage('unknown');
  const head = text.trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return notImage('html');
  if (head.startsWith('<') && head.includes('<svg')) return notImage('svg');
  if (/<(head|body|script)[\s>]/.test(head.slice(0, 1024))) return notImage('html');
  return notImage('text');
}

/** The bytes as text when they look like text: valid UTF-8 (or UTF-16 with a byte-order mark), almost no control
 *  characters. */
function asText(b: Uint8Array): string | undefined {
  let text: string;
  try {
    if (startsWith(b, [0xff, 0xfe])) text = new TextDecoder('utf-16le', { fatal: true }).decode(b.subarray(2), { stream: true });
    else if (startsWith(b, [0xfe, 0xff])) text = new TextDecoder('utf-16be', { fatal: true }).decode(b.subarray(2), { stream: true });
    else text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(b, { stream: true });
  } catch {
    return undefined;
  }
  const controls = text.match(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/g)?.length ?? 0;
  return controls <= text.length / 100 ? text : undefined;
}
