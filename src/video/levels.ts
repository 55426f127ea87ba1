// Codec levels from the standards' level tables: the lowest level whose limits hold a stream of this size, rate
// and bitrate (H.264 Table A-1, VP9 Annex A, AV1 Annex A.3). Encoders such as Chromium's reject a level too low.

export interface StreamShape {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Bits per second; levels cap it too. */
  readonly bitrate?: number;
}

// H.264 Table A-1: level_idc, MaxMBPS (macroblocks/s), MaxFS (macroblocks), MaxBR (kbit/s, Baseline/Main).
// Level 1b is left out (its signalling differs per profile, and 1.1 holds everything it does).
const H264_LEVELS: readonly (readonly [number, number, number, number])[] = [
  [10, 1_485, 99, 64],
  [11, 3_000, 396, 192],
  [12, 6_000, 396, 384],
  [13, 11_880, 396, 768],
  [20, 11_880, 396, 2_000],
  [21, 19_800, 792, 4_000],
  [22, 20_250, 1_620, 4_000],
  [30, 40_500, 1_620, 10_000],
  [31, 108_000, 3_600, 14_000],
  [32, 216_000, 5_120, 20_000],
  [40, 245_760, 8_192, 20_000],
  [41, 245_760, 8_192, 50_000],
  [42, 522_240, 8_704, 50_000],
  [50, 589_824, 22_080, 135_000],
  [51, 983_040, 36_864, 240_000],
  [52, 2_073_600, 36_864, 240_000],
  [60, 4_177_920, 139_264, 240_000],
  [61, 8_355_840, 139_264, 480_000],
  [62, 16_711_680, 139_264, 800_000],
];

export type H264Profile = 'high' | 'main' | 'baseline';

/**
 * level_idc (10 × the level: 22 for 2.2) of the lowest H.264 level that holds the stream, or undefined when none
 * does. Besides MaxFS and MaxMBPS, A.3.1 caps each side at √(8·MaxFS) macroblocks; High's bitrate cap is
 * 1.25 × MaxBR (cpbBrVclFactor 1250 vs 1000, Table A-2).
 */
export function h264Level(s: StreamShape, profile: H264Profile = 'high'): number | undefined {
  const mbWidth = Math.ceil(s.width / 16);
  const mbHeight = Math.ceil(s.height / 16);
  const frameSize = mbWidth * mbHeight;
  const mbRate = frameSize * s.fps;
  const brFactor = profile === 'high' ? 1250 : 1000;
  for (const [levelIdc, maxMbps, maxFs, maxBr] of H264_LEVELS) {
    const maxSide = Math.sqrt(8 * maxFs);
    if (frameSize > maxFs || mbWidth > maxSide || mbHeight > maxSide || mbRate > maxMbps) continue;
    if (s.bitrate !== undefined && s.bitrate > maxBr * brFactor) continue;
    return levelIdc;
  }
  return undefined;
}

// VP9 Annex A (libvpx's vp9_level_defs): level, MaxLumaSampleRate (samples/s), MaxLumaPictureSize (samples),
// MaxLumaPictureBreadth (the longer side), MaxBitrate (kbit/s).
const VP9_LEVELS: readonly (readonly [number, number, number, number, number])[] = [
  [10, 829_440, 36_864, 512, 200],
  [11, 2_764_800, 73_728, 768, 800],
  [20, 4_608_000, 122_880, 960, 1_800],
  [21, 9_216_000, 245_760, 1_344, 3_600],
  [30, 20_736_000, 552_960, 2_048, 7_200],
  [31, 36_864_000, 983_040, 2_752, 12_000],
  [40, 83_558_400, 2_228_224, 4_160, 18_000],
  [41, 160_432_128, 2_228_224, 4_160, 30_000],
  [50, 311_951_360, 8_912_896, 8_384, 60_000],
  [51, 588_251_136, 8_912_896, 8_384, 120_000],
  [52, 1_176_502_272, 8_912_896, 8_384, 180_000],
  [60, 1_176_502_272, 35_651_584, 16_832, 180_000],
  [61, 2_353_004_544, 35_651_584, 16_832, 240_000],
  [62, 4_706_009_088, 35_651_584, 16_832, 480_000],
];

/** The VP9 level as the codec string writes it (10 × the level: 21 for 2.1), or undefined when none holds it. */
export function vp9Level(s: StreamShape): number | undefined {
  const pictureSize = s.width * s.height;
  const breadth = Math.max(s.width, s.height);
  for (const [level, maxSampleRate, maxPictureSize, maxBreadth, maxBr] of VP9_LEVELS) {
    if (pictureSize > maxPictureSize || breadth > maxBreadth || pictureSize * s.fps > maxSampleRate) continue;
    if (s.bitrate !== undefined && s.bitrate > maxBr * 1000) continue;
    return level;
  }
  return undefined;
}

// AV1 Annex A.3: seq_level_idx, MaxPicSize, MaxHSize, MaxVSize, MaxDisplayRate (samples/s), Main tier MaxBitrate
// (Mbit/s). Levels 2.2, 2.3, 3.2, 3.3, 4.2, 4.3 are undefined in the spec and left out.
const AV1_LEVELS: readonly (readonly [number, number, number, number, number, number])[] = [
  [0, 147_456, 2_048, 1_152, 4_423_680, 1.5],
  [1, 278_784, 2_816, 1_584, 8_363_520, 3],
  [4, 665_856, 4_352, 2_448, 19_975_680, 6],
  [5, 1_065_024, 5_504, 3_096, 31_950_720, 10],
  [8, 2_359_296, 6_144, 3_456, 70_778_880, 12],
  [9, 2_359_296, 6_144, 3_456, 141_557_760, 20],
  [12, 8_912_896, 8_192, 4_352, 267_386_880, 30],
  [13, 8_912_896, 8_192, 4_352, 534_773_760, 40],
  [14, 8_912_896, 8_192, 4_352, 1_069_547_520, 60],
  [15, 8_912_896, 8_192, 4_352, 1_069_547_520, 60],
  [16, 35_651_584, 16_384, 8_704, 1_069_547_520, 60],
  [17, 35_651_584, 16_384, 8_704, 2_139_095_040, 100],
  [18, 35_651_584, 16_384, 8_704, 4_278_190_080, 160],
  [19, 35_651_584, 16_384, 8_704, 4_278_190_080, 160],
];

/** AV1 seq_level_idx of the lowest Main-tier level that holds the stream (8 is level 4.0), or undefined. */
export function av1Level(s: StreamShape): number | undefined {
  const pictureSize = s.width * s.height;
  for (const [idx, maxPicSize, maxH, maxV, maxDisplayRate, maxMbps] of AV1_LEVELS) {
    if (pictureSize > maxPicSize || s.width > maxH || s.height > maxV || pictureSize * s.fps > maxDisplayRate) continue;
    if (s.bitrate !== undefined && s.bitrate > maxMbps * 1e6) continue;
    return idx;
  }
  return undefined;
}
