// Judges a clip of the toy motion world (tools/demo-model/world.py) by where its object goes: the object is found in
// every frame by colour saturation (the world's backgrounds are grey, its objects saturated), and the clip is
// summarised by the centroid's displacement per frame, the area change and frame 0's PSNR against the input image.

/** Frames as RGB in [0, 1], HWC (the pipeline's output) or RGB bytes (a decoded PNG or MP4 frame). */
export type Frame = Float32Array | Uint8Array;

export const MOTIONS = ['left', 'right', 'up', 'down', 'grow', 'shrink', 'spin', 'still'] as const;
export type Motion = (typeof MOTIONS)[number];
/** The motions judged by the direction of the centroid's displacement. */
export const TRANSLATIONS: readonly Motion[] = ['left', 'right', 'up', 'down'];

export interface ObjectStats {
  /** Object pixels (weighted by how saturated they are). */
  readonly area: number;
  readonly cx: number;
  readonly cy: number;
}

export interface ClipStats {
  readonly objects: readonly ObjectStats[];
  /** Centroid displacement per frame, last frame against frame 0, pixels (x right, y down). */
  readonly dx: number;
  readonly dy: number;
  /** Mean distance of the centroid from its frame-0 position over frames 1..F−1, pixels. */
  readonly meanShift: number;
  /** Area of the last frame / area of frame 0. */
  readonly areaRatio: number;
  /** The direction the clip shows: a translation (dominant axis), grow, shrink, or still. */
  readonly observed: 'left' | 'right' | 'up' | 'down' | 'grow' | 'shrink' | 'still';
}

const SAT_LO = 0.2;
const SAT_HI = 0.4;
/** Below this displacement per frame (px) a clip counts as not translating. */
export const MOVE_MIN_PX = 0.35;
/** Area ratios beyond these count as grown / shrunk. */
export const GROW_MIN = 1.15;
export const SHRINK_MAX = 0.87;

const value = (f: Frame, i: number): number => (f instanceof Uint8Array ? f[i]! / 255 : f[i]!);

/** The saturated object of one frame: area and centroid, weights ramping from saturation 0.2 to 0.4. */
export function findObject(frame: Frame, width: number, height: number): ObjectStats {
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const r = value(frame, i);
      const g = value(frame, i + 1);
      const b = value(frame, i + 2);
      const sat = Math.max(r, g, b) - Math.min(r, g, b);
      const w = Math.min(1, Math.max(0, (sat - SAT_LO) / (SAT_HI - SAT_LO)));
      area += w;
      sx += w * (x + 0.5);
      sy += w * (y + 0.5);
    }
  }
  return area > 0 ? { area, cx: sx / area, cy: sy / area } : { area: 0, cx: width / 2, cy: height / 2 };
}

export function analyseClip(frames: readonly Frame[], width: number, height: number): ClipStats {
  const objects = frames.map((f) => findObject(f, width, height));
  const first = objects[0]!;
  const last = objects[objects.length - 1]!;
  const n = Math.max(1, objects.length - 1);
  const dx = (last.cx - first.cx) / n;
  const dy = (last.cy - first.cy) / n;
  const meanShift = objects.slice(1).reduce((s, o) => s + Math.hypot(o.cx - first.cx, o.cy - first.cy), 0) / n;
  const areaRatio = first.area > 0 ? last.area / first.area : 0;
  let observed: ClipStats['observed'];
  if (Math.max(Math.abs(dx), Math.abs(dy)) >= MOVE_MIN_PX) {
    observed = Math.abs(dx) >= Math.abs(dy) ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'up' : 'down';
  } else if (areaRatio >= GROW_MIN) observed = 'grow';
  else if (areaRatio <= SHRINK_MAX) observed = 'shrink';
  else observed = 'still';
  return { objects, dx, dy, meanShift, areaRatio, observed };
}

/**
 * Whether a clip shows its prompted motion: translations in the prompted direction (the dominant axis of the
 * centroid's displacement), grow/shrink the area the right way, still less than 1 px of mean shift, spin the object
 * staying in place (its rotation is not measured).
 */
export function followsMotion(expected: Motion, s: ClipStats): boolean {
  if (TRANSLATIONS.includes(expected)) return s.observed === expected;
  switch (expected) {
    case 'grow':
      return s.areaRatio >= GROW_MIN;
    case 'shrink':
      return s.areaRatio <= SHRINK_MAX;
    case 'still':
      return s.meanShift < 1;
    default: // spin
      return s.meanShift < 1.5;
  }
}

/** PSNR in dB of two RGB frames of the same size (values in [0, 1]). */
export function psnr(a: Frame, b: Frame): number {
  if (a.length !== b.length) throw new Error(`psnr: frames of ${a.length} and ${b.length} values`);
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (value(a, i) - value(b, i)) ** 2;
  const mse = se / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10(1 / mse);
}
