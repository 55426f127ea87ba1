// encodeVideo: RGBA frames → an MP4, WebM or GIF file, in a page or a worker; options checked here, once.
import { loopFrames, type RgbaFrame } from './frames.ts';
import { encodeGif } from './gif.ts';
import { validateEncode, type EncodedVideo, type EncodeOptions } from './options.ts';
import { encodeWithWebCodecs } from './webcodecs.ts';

/**
 * Encodes the frames in the loop order asked for. MP4 (H.264, else VP9, else AV1) and WebM (VP9, else AV1, else
 * VP8) need WebCodecs; GIF is ours and runs anywhere. Rejects with EncodeError (a code says why), or with the
 * signal's reason when it aborts between frames.
 */
export async function encodeVideo(frames: readonly RgbaFrame[], options: EncodeOptions): Promise<EncodedVideo> {
  validateEncode(frames, options);
  options.signal?.throwIfAborted();
  const ordered = loopFrames(frames, options.loop ?? 'forward');
  if (options.format === 'gif') return encodeGif(ordered, options);
  return encodeWithWebCodecs(options.format, ordered, options);
}
