// MP4 and WebM: our own WebCodecs VideoEncoder fed RGBA VideoFrames at exact timestamps, its chunks muxed by
// Mediabunny (MP4 with the moov box first, so playback starts before the whole file is read).
import { BufferTarget, EncodedPacket, EncodedVideoPacketSource, Mp4OutputFormat, Output, WebMOutputFormat } from 'mediabunny';

import { chooseCodec, type ContainerFormat } from './codecs.ts';
import { EncodeError } from './errors.ts';
import { padToEven, type RgbaFrame } from './frames.ts';
import { mediabunnyTags } from './metadata.ts';
import { MIME_TYPES, reportProgress, type EncodedVideo, type EncodeOptions } from './options.ts';

/** Frames waiting inside the encoder before we wait for it: enough to keep it busy, few enough to cancel fast. */
const MAX_QUEUE = 2;
/** A key frame every this many seconds, so players can seek. */
const KEY_FRAME_SECONDS = 2;

/** Presentation time of frame i in microseconds: exact for rates that divide 10⁶, otherwise rounded per frame. */
const frameTime = (i: number, fps: number) => Math.round((i * 1e6) / fps);

function createOutput(format: ContainerFormat, target: BufferTarget) {
  return new Output({
    // mdta metadata takes any key (mdir has four-character atoms only), so every generation setting fits.
    format: format === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory', metadataFormat: 'mdta' }) : new WebMOutputFormat(),
    target,
  });
}

/** Resolves when the encoder takes a frame from its queue, fails, or the signal aborts: whatever comes first. */
async function nextDequeue(encoder: VideoEncoder, signal: AbortSignal | undefined, failed: Promise<void>): Promise<void> {
  let wake = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  encoder.addEventListener('dequeue', wake);
  signal?.addEventListener('abort', wake);
  try {
    await Promise.race([woken, failed]);
  } finally {
    encoder.removeEventListener('dequeue', wake);
    signal?.removeEventListener('abort', wake);
  }
}

/** Encodes frames already in playing order (same size each, checked by the caller). */
export async function encodeWithWebCodecs(
  format: ContainerFormat,
  frames: readonly RgbaFrame[],
  options: EncodeOptions,
): Promise<EncodedVideo> {
  const { fps, signal } = options;
  signal?.throwIfAborted();
  const first = padToEven(frames[0]!);
  const { width, height } = first;
  const chosen = await chooseCodec(format, width, height, fps);

  const target = new BufferTarget();
  const output = createOutput(format, target);
  const source = new EncodedVideoPacketSource(chosen.muxCodec);
  output.addVideoTrack(source, { frameRate: fps });
  output.setMetadataTags(mediabunnyTags(options.metadata));
  await output.start();

  const total = frames.length;
  let failure: unknown;
  let onFailure = () => {};
  const failed = new Promise<void>((resolve) => (onFailure = resolve));
  const setFailure = (e: unknown) => {
    failure ??= e;
    onFailure();
  };
  let encoded = 0;
  // Chunks arrive in decode order; each waits for the previous one's add (the muxer's backpressure).
  let muxing: Promise<void> = Promise.resolve();
  const encoder = new VideoEncoder({
    output: (chunk, meta) => {
      const packet = EncodedPacket.fromEncodedChunk(chunk);
      muxing = muxing.then(() => source.add(packet, meta)).catch(setFailure);
      encoded++;
      if (encoded < total) reportProgress(options, encoded, total);
    },
    error: setFailure,
  });
  const fail = (what: string, e: unknown) =>
    new EncodeError('encoder-failed', `${chosen.codec} ${what} failed`, e instanceof Error ? e.message : String(e));
  const checkpoint = () => {
    signal?.throwIfAborted();
    if (failure !== undefined) throw fail('encoding', failure);
  };

  try {
    encoder.configure(chosen.config);
    const keyInterval = Math.max(1, Math.round(fps * KEY_FRAME_SECONDS));
    for (let i = 0; i < total; i++) {
      checkpoint();
      const frame = i === 0 ? first : padToEven(frames[i]!);
      const timestamp = frameTime(i, fps);
      const videoFrame = new VideoFrame(frame.data, {
        format: 'RGBA',
        codedWidth: width,
        codedHeight: height,
        timestamp,
        duration: frameTime(i + 1, fps) - timestamp,
      });
      try {
        encoder.encode(videoFrame, { keyFrame: i % keyInterval === 0 });
      } finally {
        videoFrame.close(); // the encoder holds its own reference until it is done with the frame
      }
      while (encoder.encodeQueueSize > MAX_QUEUE) {
        await nextDequeue(encoder, signal, failed);
        checkpoint();
      }
    }
    await encoder.flush().catch((e: unknown) => {
      throw fail('flush', failure ?? e);
    });
    await muxing;
    checkpoint();
    if (encoded !== total) throw fail('encoding', `${encoded} chunks for ${total} frames`);
    await output.finalize();
  } catch (e) {
    if (encoder.state !== 'closed') encoder.close();
    await output.cancel().catch(() => undefined);
    throw e;
  }
  encoder.close();
  reportProgress(options, total, total);

  const buffer = target.buffer;
  if (buffer === null) throw fail('muxing', 'the muxer wrote no buffer');
  const bytes = new Uint8Array(buffer);
  return { bytes, mimeType: MIME_TYPES[format], extension: format, codec: chosen.codec, width, height, frameCount: total, fps };
}
