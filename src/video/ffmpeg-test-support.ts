// Test support in Node: check encoded files with the system's ffprobe/ffmpeg (Debian's, /usr/bin) and read an
// MP4's top-level boxes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Probe {
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  /** Frames decoded (ffprobe -count_frames), not the container's claim. */
  readonly frames: number;
  /** r_frame_rate as a number. */
  readonly fps: number;
  /** Sum of the packet durations, in seconds. */
  readonly duration: number;
  /** Container tags, keys lower-cased (Matroska writes TITLE, MP4 title). */
  readonly tags: Record<string, string>;
  readonly colorSpace?: string;
  /** 'pc' (full) or 'tv' (limited). */
  readonly colorRange?: string;
}

const tempDir = mkdtempSync(join(tmpdir(), 'localmotion-video-'));

/** Removes the temporary files (call once, after the tests). */
export function removeTemp(): void {
  rmSync(tempDir, { recursive: true, force: true });
}

/** Writes the bytes to a fresh temporary file and returns its path. */
export function writeTemp(name: string, bytes: Uint8Array): string {
  mkdirSync(tempDir, { recursive: true }); // another spec in this process may have called removeTemp()
  const file = join(tempDir, name);
  writeFileSync(file, bytes);
  return file;
}

const ratio = (r: string) => {
  const [n, d] = r.split('/').map(Number);
  return n! / (d ?? 1);
};

export function probe(file: string): Probe {
  const args = ['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-show_packets', '-of', 'json', file];
  const json = execFileSync('ffprobe', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const info = JSON.parse(json) as {
    streams: { codec_name: string; width: number; height: number; nb_read_frames: string; r_frame_rate: string; color_space?: string; color_range?: string }[];
    packets: { duration_time?: string }[];
    format: { tags?: Record<string, string> };
  };
  const video = info.streams[0]!;
  const tags = Object.fromEntries(Object.entries(info.format.tags ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    codec: video.codec_name,
    width: video.width,
    height: video.height,
    frames: Number(video.nb_read_frames),
    fps: ratio(video.r_frame_rate),
    duration: info.packets.reduce((s, p) => s + Number(p.duration_time ?? 0), 0),
    tags,
    ...(video.color_space ? { colorSpace: video.color_space } : {}),
    ...(video.color_range ? { colorRange: video.color_range } : {}),
  };
}

/** Every frame as RGB bytes, one output frame per decoded frame (no frame-rate conversion). */
export function decodeRgb24(file: string): Uint8Array {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 1 << 30,
  });
}

/** Every frame's luma plane as coded (8-bit, width·height bytes a frame), frame after frame. */
export function decodeLuma(file: string): Uint8Array {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    maxBuffer: 1 << 30,
  });
}

/** The four-character types of an ISO BMFF file's top-level boxes, in file order. */
export function topLevelBoxes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: string[] = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size === 1) size = Number(view.getBigUint64(at + 8));
    else if (size === 0) size = bytes.length - at;
    if (size < 8) throw new Error(`box ${type} at ${at} has size ${size}`);
    boxes.push(type);
    at += size;
  }
  return boxes;
}
