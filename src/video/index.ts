// The video realm's public surface: frames → MP4 / WebM / GIF bytes, in a page or a worker.
export { encodeVideo } from './encode.ts';
export { EncodeError, type EncodeErrorCode } from './errors.ts';
export { loopFrames, padToEven, rgbToRgba, type LoopMode, type RgbaFrame } from './frames.ts';
export { encodeGif, gifDelays, type GifOptions } from './gif.ts';
export { chooseCodec, codecCandidates, videoBitrate, type ChosenCodec, type CodecCandidate } from './codecs.ts';
export { av1Level, h264Level, vp9Level, type StreamShape } from './levels.ts';
export type { EncodedVideo, EncodeOptions, EncodeProgress, VideoFormat, VideoMetadata } from './options.ts';
