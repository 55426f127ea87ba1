// EncodeError: every problem turning frames into a video file, as data with a reason code.

export type EncodeErrorCode =
  | 'no-webcodecs' // this realm has no VideoEncoder/VideoFrame (MP4 and WebM need WebCodecs; GIF does not)
  | 'no-codec' // VideoEncoder.isConfigSupported said no to every codec the container can hold
  | 'bad-frames' // no frames, frames of different sizes, or data of the wrong length
  | 'bad-options' // fps not a positive finite number, or an unknown format
  | 'encoder-failed'; // the VideoEncoder or the muxer reported an error mid-encode

export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  constructor(
    readonly code: EncodeErrorCode,
    message: string,
    /** What was tried or found: the codec strings asked for, the encoder's own message. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

