// Animated GIF89a writer, no dependencies, runs in page, worker and Node: a palette per frame (gif-quantize.ts),
// LZW image data (gif-lzw.ts), NETSCAPE2.0 loop-forever, delays from fps in 1/100 s with the rounding spread.
import type { RgbaFrame } from './frames.ts';
import { lzwEncode } from './gif-lzw.ts';
import { quantize, type Dither } from './gif-quantize.ts';
import { metadataText } from './metadata.ts';
import { MIME_TYPES, reportProgress, validateEncode, type EncodedVideo, type EncodeOptions } from './options.ts';

export interface GifOptions extends Pick<EncodeOptions, 'metadata' | 'signal' | 'onProgress'> {
  fps: number;
  /** Ordered (4×4 Bayer) dither trades banding for a fine pattern; off by default. */
  dither?: Dither;
}

/**
 * Frame delays in 1/100 s: frame i lasts round((i+1)·100/fps) − round(i·100/fps), so the rounding does not add up
 * and the whole loop lasts round(n·100/fps). Above 50 fps some delays are 0 or 1, which browsers play as 1/10 s:
 * GIF cannot hold such rates.
 */
export function gifDelays(frameCount: number, fps: number): number[] {
  const at = (i: number) => Math.round((i * 100) / fps);
  return Array.from({ length: frameCount }, (_, i) => at(i + 1) - at(i));
}

/** Appends bytes to a growing buffer. */
class ByteWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  bytes(...values: number[]): void {
    this.data(Uint8Array.from(values));
  }
  u16(value: number): void {
    this.bytes(value & 255, (value >> 8) & 255);
  }
  ascii(text: string): void {
    this.data(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  }
  data(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  /** Data sub-blocks (≤ 255 bytes, each after its length) and the zero-length terminator. */
  subBlocks(data: Uint8Array): void {
    for (let i = 0; i < data.length; i += 255) {
      const block = data.subarray(i, i + 255);
      this.bytes(block.length);
      this.data(block);
    }
    this.bytes(0);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

/** log2 of the colour table size GIF stores (2–256 entries, a power of two). */
const tableBits = (colours: number) => Math.max(1, Math.ceil(Math.log2(colours)));

/** Encodes the frames as they are, in order (encodeVideo applies the loop order first). */
export async function encodeGif(frames: readonly RgbaFrame[], options: GifOptions): Promise<EncodedVideo> {
  validateEncode(frames, { ...options, format: 'gif' });
  const { width, height } = frames[0]!;
  const { fps, signal } = options;
  const delays = gifDelays(frames.length, fps);
  const gif = new ByteWriter();

  gif.ascii('GIF89a');
  // Logical screen: our size, no global colour table (each frame has its own), 8 bits per primary.
  gif.u16(width);
  gif.u16(height);
  gif.bytes(0b0111_0000, 0, 0);
  // NETSCAPE2.0 application extension: loop count 0, forever.
  gif.bytes(0x21, 0xff, 11);
  gif.ascii('NETSCAPE2.0');
  gif.bytes(3, 1);
  gif.u16(0);
  gif.bytes(0);
  const comment = metadataText(options.metadata);
  if (comment !== '') {
    gif.bytes(0x21, 0xfe);
    gif.subBlocks(new TextEncoder().encode(comment));
  }

  for (let i = 0; i < frames.length; i++) {
    signal?.throwIfAborted();
    const { palette, indices } = quantize(frames[i]!.data, width, 256, options.dither ?? 'none');
    const bits = tableBits(palette.length / 3);
    // Graphic control: disposal 1 (leave in place; every frame covers the whole screen), no transparency.
    gif.bytes(0x21, 0xf9, 4, 0b0000_0100);
    gif.u16(delays[i]!);
    gif.bytes(0, 0);
    // Image descriptor at (0,0), full size, local colour table of 2^bits entries, not interlaced.
    gif.bytes(0x2c);
    gif.u16(0);
    gif.u16(0);
    gif.u16(width);
    gif.u16(height);
    gif.bytes(0x80 | (bits - 1));
    const table = new Uint8Array(3 << bits);
    table.set(palette);
    gif.data(table);
    const minCodeSize = Math.max(2, bits);
    gif.bytes(minCodeSize);
    gif.subBlocks(lzwEncode(indices, minCodeSize));
    reportProgress(options, i + 1, frames.length);
    // Let the caller's abort (a task on this thread) land between frames.
    if (signal && i + 1 < frames.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  gif.bytes(0x3b);

  const bytes = gif.finish();
  return { bytes, mimeType: MIME_TYPES.gif, extension: 'gif', codec: 'gif', width, height, frameCount: frames.length, fps };
}
