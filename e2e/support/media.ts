// Judging media files in Node for browser tests: ffprobe's view of a file, its frames decoded back to RGB by ffmpeg,
// and PSNR against the frames we meant to encode.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ProbedStream {
  codec_name: string;
  color_space?: string;
  color_range?: string;
  width: number;
  height: number;
  r_frame_rate: string;
  nb_read_frames?: string;
  profile?: string;
}
export interface Probe {
  stream: ProbedStream;
  format: { format_name: string; duration?: string; tags?: Record<string, string> };
}

/** Runs `f` with the bytes written to a temporary file named `name`. */
export function withFile<T>(bytes: Uint8Array, name: string, f: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'localmotion-media-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return f(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function probe(bytes: Uint8Array, name: string): Probe {
  return withFile(bytes, name, (file) => {
    const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' });
    const json = JSON.parse(out) as { streams: ProbedStream[]; format: Probe['format'] };
    return { stream: json.streams[0]!, format: json.format };
  });
}

/** Every frame as packed RGB24 (width·height·3 bytes each), as ffmpeg decodes it. */
export function decodeRgb(bytes: Uint8Array, name: string, width: number, height: number): Uint8Array[] {
  const raw = withFile(bytes, name, (file) =>
    execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 }),
  );
  const size = width * height * 3;
  return Array.from({ length: raw.length / size }, (_, i) => new Uint8Array(raw.buffer, raw.byteOffset + i * size, size));
}

/** Every frame's luma plane (width·height bytes each), as coded in the file. */
export function decodeLuma(bytes: Uint8Array, name: string, width: number, height: number): Uint8Array[] {
  const raw = withFile(bytes, name, (file) => execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 30 }));
  const size = width * height;
  return Array.from({ length: raw.length / size }, (_, i) => new Uint8Array(raw.buffer, raw.byteOffset + i * size, size));
}

/**
 * PSNR-Y (dB): coded luma against the luma of the RGBA source frames, BT.709 full range (what Chromium's encoders
 * write, as ffprobe's color_space/color_range say). Luma is what 4:2:0 video keeps at full resolution.
 */
export function psnrLumaVsRgba(luma: readonly Uint8Array[], rgba: readonly Uint8Array[]): number {
  let sum = 0;
  let n = 0;
  for (let f = 0; f < rgba.length; f++) {
    const y = luma[f]!;
    const src = rgba[f]!;
    for (let i = 0, j = 0; i < y.length; i++, j += 4) {
      const d = y[i]! - (0.2126 * src[j]! + 0.7152 * src[j + 1]! + 0.0722 * src[j + 2]!);
      sum += d * d;
      n++;
    }
  }
  const mse = sum / n;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** PSNR (dB) of RGB24 frames against RGBA frames of the same size, over all frames together. */
export function psnrRgbVsRgba(rgb: readonly Uint8Array[], rgba: readonly Uint8Array[]): number {
  let sum = 0;
  let n = 0;
  for (let f = 0; f < rgba.length; f++) {
    const a = rgb[f]!;
    const b = rgba[f]!;
    for (let i = 0, j = 0; i < a.length; i += 3, j += 4) {
      for (let c = 0; c < 3; c++) {
        const d = a[i + c]! - b[j + c]!;
        sum += d * d;
      }
      n += 3;
    }
  }
  const mse = sum / n;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** Top-level MP4 box types in file order (fast start: moov before mdat). */
export function mp4Boxes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: string[] = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size === 1) size = Number(view.getBigUint64(at + 8));
    if (size === 0) size = bytes.length - at;
    boxes.push(type);
    if (size < 8) break;
    at += size;
  }
  return boxes;
}
