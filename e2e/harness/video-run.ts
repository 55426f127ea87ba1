// One encode for the video harness, the same in the page and in the worker: synthetic frames → encodeVideo →
// plain JSON for Playwright (bytes as base64, progress events, time, or the error's name and code).
import { encodeVideo, type EncodeProgress, type VideoFormat, type VideoMetadata } from '../../src/video/index.ts';
import { syntheticFrames } from '../../src/video/test-support.ts';

export interface VideoRequest {
  format: VideoFormat;
  width: number;
  height: number;
  frames: number;
  fps: number;
  noise?: number;
  loop?: 'forward' | 'pingpong';
  metadata?: VideoMetadata;
  /** Abort when this many frames are encoded. */
  abortAt?: number;
}

export type VideoResult =
  | {
      ok: true;
      /** Where it ran: the page (window) or a worker. */
      realm: 'window' | 'worker';
      base64: string;
      mimeType: string;
      codec: string;
      width: number;
      height: number;
      frameCount: number;
      fps: number;
      /** encodeVideo's wall time, frames already made. */
      ms: number;
      progress: EncodeProgress[];
    }
  | { ok: false; name: string; code?: string; message: string; progress: EncodeProgress[] };

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function runVideo(r: VideoRequest): Promise<VideoResult> {
  const frames = syntheticFrames(r.width, r.height, r.frames, r.noise);
  const progress: EncodeProgress[] = [];
  const controller = new AbortController();
  const start = performance.now();
  try {
    const video = await encodeVideo(frames, {
      format: r.format,
      fps: r.fps,
      loop: r.loop,
      metadata: r.metadata,
      signal: controller.signal,
      onProgress: (e) => {
        progress.push(e);
        if (e.done === r.abortAt) controller.abort();
      },
    });
    const ms = performance.now() - start;
    const { bytes, ...rest } = video;
    const realm = typeof document === 'undefined' ? 'worker' : 'window';
    return { ok: true, realm, base64: base64(bytes), ...rest, ms, progress };
  } catch (e) {
    const error = e as { name?: string; code?: string; message?: string };
    return { ok: false, name: String(error.name), code: error.code, message: String(error.message ?? e), progress };
  }
}
