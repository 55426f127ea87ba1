// What encodeVideo takes and gives: options, progress events, the encoded file; checked once where a call enters.
import type { EncodedVideoResult, VideoFormat } from '../protocol/engine.ts';
import { EncodeError } from './errors.ts';
import type { LoopMode, RgbaFrame } from './frames.ts';

export type { VideoFormat };
/** The file and what it holds: the engine protocol's EncodedVideoResult, one definition for both. */
export type EncodedVideo = EncodedVideoResult;

/** Written into the container where it has room: MP4 mdta keys, WebM SimpleTags, the GIF comment extension. */
export interface VideoMetadata {
  title?: string;
  comment?: string;
  [key: string]: string | undefined;
}

export interface EncodeProgress {
  readonly stage: 'encode-video';
  readonly done: number;
  readonly total: number;
  readonly unit: 'frame';
}

export interface EncodeOptions {
  format: VideoFormat;
  fps: number;
  /** Default forward. */
  loop?: LoopMode;
  metadata?: VideoMetadata;
  /** Checked between frames; an abort rejects with the signal's reason. */
  signal?: AbortSignal;
  /** One event per encoded frame, the last with done = total. */
  onProgress?: (e: EncodeProgress) => void;
}

export const MIME_TYPES: Record<VideoFormat, string> = { mp4: 'video/mp4', webm: 'video/webm', gif: 'image/gif' };

/** EncodeError('bad-options' | 'bad-frames') for the first thing wrong with a call. */
export function validateEncode(frames: readonly RgbaFrame[], options: EncodeOptions): void {
  if (!(options.format in MIME_TYPES)) {
    throw new EncodeError('bad-options', `format must be mp4, webm or gif, got ${String(options.format)}`);
  }
  if (!(Number.isFinite(options.fps) && options.fps > 0)) {
    throw new EncodeError('bad-options', `fps must be a positive number, got ${options.fps}`);
  }
  if (options.loop !== undefined && options.loop !== 'forward' && options.loop !== 'pingpong') {
    throw new EncodeError('bad-options', `loop must be forward or pingpong, got ${String(options.loop)}`);
  }
  const first = frames[0];
  if (first === undefined) throw new EncodeError('bad-frames', 'no frames to encode');
  frames.forEach((f, i) => {
    if (!(Number.isInteger(f.width) && Number.isInteger(f.height) && f.width > 0 && f.height > 0)) {
      throw new EncodeError('bad-frames', `frame ${i} has size ${f.width}×${f.height}`);
    }
    if (f.width !== first.width || f.height !== first.height) {
      throw new EncodeError('bad-frames', `frame ${i} is ${f.width}×${f.height}, frame 0 is ${first.width}×${first.height}`);
    }
    if (f.data.length !== f.width * f.height * 4) {
      throw new EncodeError('bad-frames', `frame ${i} has ${f.data.length} bytes, ${f.width}×${f.height}×4 expected`);
    }
  });
}

/** Sends one progress event: `done` of `total` frames encoded. */
export function reportProgress(options: Pick<EncodeOptions, 'onProgress'>, done: number, total: number): void {
  options.onProgress?.({ stage: 'encode-video', done, total, unit: 'frame' });
}
