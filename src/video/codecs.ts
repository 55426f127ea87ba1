// Codec choice: the codec strings a container can hold, best first, each at its computed level, asked of
// VideoEncoder.isConfigSupported in order; and the bitrate that keeps decoded frames close to the input.
import { EncodeError } from './errors.ts';
import { av1Level, h264Level, vp9Level, type H264Profile, type StreamShape } from './levels.ts';

export type ContainerFormat = 'mp4' | 'webm';

/** Mediabunny's name for the codec of a track. */
export type MuxCodec = 'avc' | 'vp9' | 'av1' | 'vp8';

export interface CodecCandidate {
  /** The WebCodecs codec string, e.g. avc1.640016. */
  readonly codec: string;
  readonly muxCodec: MuxCodec;
}

export interface ChosenCodec extends CodecCandidate {
  readonly config: VideoEncoderConfig;
}

/**
 * Bits per pixel per frame: generous, because these clips are a few seconds long and their quality is the point.
 * Encoders spend what the picture needs under this ceiling (a smooth 64×64 clip stays near 0.1 bpp); noisy frames
 * get enough that 4:2:0 chroma subsampling, not the bitrate, limits the error.
 */
const BITS_PER_PIXEL = 1;
/** Small frames get a floor: rate control at a few kbit/s starves even a 32×32 clip. */
const MIN_BITRATE = 1_000_000;

export function videoBitrate(width: number, height: number, fps: number): number {
  return Math.max(MIN_BITRATE, Math.round(width * height * fps * BITS_PER_PIXEL));
}

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
const dec2 = (n: number) => String(n).padStart(2, '0');

// profile_idc and constraint flags of the avc1.PPCCLL string; 42E0: Constrained Baseline (constraint_set0..2).
const H264_PROFILES: readonly (readonly [H264Profile, string])[] = [
  ['high', '6400'],
  ['main', '4D00'],
  ['baseline', '42E0'],
];

/** Codec strings in preference order for the container, levels computed from the stream (RFC 6381 forms). */
export function codecCandidates(format: ContainerFormat, s: StreamShape): CodecCandidate[] {
  const out: CodecCandidate[] = [];
  if (format === 'mp4') {
    for (const [profile, prefix] of H264_PROFILES) {
      const level = h264Level(s, profile);
      if (level !== undefined) out.push({ codec: `avc1.${prefix}${hex2(level)}`, muxCodec: 'avc' });
    }
  }
  const vp9 = vp9Level(s);
  if (vp9 !== undefined) out.push({ codec: `vp09.00.${dec2(vp9)}.08`, muxCodec: 'vp9' });
  const av1 = av1Level(s);
  if (av1 !== undefined) out.push({ codec: `av01.0.${dec2(av1)}M.08`, muxCodec: 'av1' });
  if (format === 'webm') out.push({ codec: 'vp8', muxCodec: 'vp8' });
  return out;
}

/** The encoder configuration for one candidate: quality over speed, 8-bit 4:2:0, avcC (not Annex B) for MP4. */
export function encoderConfig(c: CodecCandidate, s: StreamShape & { bitrate: number }): VideoEncoderConfig {
  return {
    codec: c.codec,
    width: s.width,
    height: s.height,
    framerate: s.fps,
    bitrate: s.bitrate,
    bitrateMode: 'variable',
    latencyMode: 'quality',
    ...(c.muxCodec === 'avc' ? { avc: { format: 'avc' as const } } : {}),
  };
}

/** The first candidate this browser can encode; EncodeError('no-codec') naming every string asked when none. */
export async function chooseCodec(format: ContainerFormat, width: number, height: number, fps: number): Promise<ChosenCodec> {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') {
    throw new EncodeError('no-webcodecs', `${format} needs WebCodecs (VideoEncoder), which this browser lacks; GIF does not`);
  }
  const shape = { width, height, fps, bitrate: videoBitrate(width, height, fps) };
  const candidates = codecCandidates(format, shape);
  for (const candidate of candidates) {
    const config = encoderConfig(candidate, shape);
    const support = await VideoEncoder.isConfigSupported(config).catch(() => undefined);
    if (support?.supported) return { ...candidate, config };
  }
  const tried = candidates.map((c) => c.codec).join(', ') || 'none: the size and rate exceed every level';
  throw new EncodeError('no-codec', `this browser can encode no ${format} codec at ${width}×${height}, ${fps} fps`, `tried ${tried}`);
}
