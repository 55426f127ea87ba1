// Image files for tests of the image check (Vitest and Playwright): real encodes from sharp, files cut short, and the
// formats sharp does not write (APNG, BMP, HEIC, JPEG XL) put together byte by byte. Test support, not app code.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A patterned RGB picture (not flat, so encoders do real work). */
export function pixels(width: number, height: number, shade = 0): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + shade) % 256;
  return data;
}

export const image = (width: number, height: number, shade = 0) => sharp(pixels(width, height, shade), { raw: { width, height, channels: 3 } });

/** An animated GIF or WebP of `frames` 40 × 32 frames. */
export async function animation(format: 'gif' | 'webp', frames: number): Promise<Buffer> {
  const stills = await Promise.all(Array.from({ length: frames }, (_, i) => image(40, 32, i * 50).png().toBuffer()));
  return sharp(stills, { join: { animated: true } })[format]().toBuffer();
}

/** A PNG chunk with its CRC. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An APNG: an acTL chunk (frame count, plays) right after IHDR, as APNG writers put it. */
export function apng(png: Buffer, frames: number): Buffer {
  const acTL = Buffer.alloc(8);
  acTL.writeUInt32BE(frames, 0);
  return Buffer.concat([png.subarray(0, 33), pngChunk('acTL', acTL), png.subarray(33)]);
}

/** A black 24-bit BMP. */
export function bmp(width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  return out;
}

/** The start of a HEIC file (its ftyp box; the check reads no further). */
export const heicStart = (): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);

/** The start of an MP4 video. */
export const mp4Start = (): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1'), Buffer.alloc(64)]);

/** A JPEG XL codestream signature and a few bytes. */
export const jxlStart = (): Buffer => Buffer.from([0xff, 0x0a, 0xfa, 0x7f, 0x01, 0x90, 0x08]);

/** A one-page PDF. */
export const pdf = (): Buffer =>
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** A ZIP archive with one empty file. */
export const zip = (): Buffer =>
  Buffer.concat([Buffer.from('504b030414000000000000000000000000000000000000000000050000006a2e706e67', 'hex'), Buffer.from('504b050600000000000000000000000000000000000000', 'hex')]);

/** A PNG whose header says 12000 × 12000 pixels, entirely real (one grey, so it is 0.4 MB; sharp takes ~1.5 s). */
export const hugePng = (): Promise<Buffer> =>
  sharp(Buffer.alloc(12000 * 12000, 90), { raw: { width: 12000, height: 12000, channels: 1 } }).png({ compressionLevel: 9, adaptiveFiltering: false }).toBuffer();

/** The same PNG with a made-up size in its IHDR (for header-only tests). */
export function withPngSize(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  return out;
}

/** A JPEG whose SOF says `bits` per channel (the data is still 8-bit: only the header matters). */
export function withJpegPrecision(jpeg: Buffer, bits: number): Buffer {
  const out = Buffer.from(jpeg);
  out[out.indexOf(Buffer.from([0xff, 0xc0])) + 4] = bits;
  return out;
}
