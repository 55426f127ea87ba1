// Palette quantization for one GIF frame: median cut (Heckbert 1982) with variance-minimizing cuts on a 5-bit-per-
// channel histogram, to ≤ 256 colours, each the exact mean of its pixels; pixels mapped to the nearest colour, with
// optional ordered dither.

export interface IndexedFrame {
  /** r, g, b per palette entry; at most 256 entries. */
  readonly palette: Uint8Array;
  /** One palette index per pixel. */
  readonly indices: Uint8Array;
}

export type Dither = 'none' | 'ordered';

const BITS = 5;
const SIDE = 1 << BITS;
const binOf = (r: number, g: number, b: number) => ((r >> 3) << (2 * BITS)) | ((g >> 3) << BITS) | (b >> 3);
/** The bin's coordinate (0–31) along channel `axis` (0 r, 1 g, 2 b). */
const binCoordinate = (bin: number, axis: number) => (bin >> ((2 - axis) * BITS)) & (SIDE - 1);

/** Histogram bins: pixel count, channel sums (for exact means) and sums of squares (for errors), and the bins used. */
interface Histogram {
  readonly count: Uint32Array;
  readonly sum: Float64Array; // 3 per bin
  readonly sumSq: Float64Array; // 3 per bin
  /** The occupied bins; boxes are ranges of this array, partitioned in place as they split. */
  readonly bins: Int32Array;
}

/** A box: the occupied bins bins[start, end), with its pixel statistics. */
interface Box {
  readonly start: number;
  readonly end: number;
  readonly count: number;
  readonly sum: readonly number[];
  readonly sumSq: readonly number[];
  /** Sum of squared RGB distances of its pixels to their mean: the box that loses most is split next. */
  readonly error: number;
}

function histogram(rgba: Uint8ClampedArray): Histogram {
  const count = new Uint32Array(SIDE ** 3);
  const sum = new Float64Array(SIDE ** 3 * 3);
  const sumSq = new Float64Array(SIDE ** 3 * 3);
  let occupied = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const r = rgba[i]!, g = rgba[i + 1]!, b = rgba[i + 2]!;
    const bin = binOf(r, g, b);
    if (count[bin]!++ === 0) occupied++;
    sum[bin * 3]! += r;
    sum[bin * 3 + 1]! += g;
    sum[bin * 3 + 2]! += b;
    sumSq[bin * 3]! += r * r;
    sumSq[bin * 3 + 1]! += g * g;
    sumSq[bin * 3 + 2]! += b * b;
  }
  const bins = new Int32Array(occupied);
  for (let bin = 0, k = 0; bin < count.length; bin++) if (count[bin]! > 0) bins[k++] = bin;
  return { count, sum, sumSq, bins };
}

/** Squared error of a set of pixels around their mean, from its count and per-channel sums and sums of squares. */
const sse = (n: number, s: ArrayLike<number>, q: ArrayLike<number>) =>
  n === 0 ? 0 : q[0]! + q[1]! + q[2]! - (s[0]! ** 2 + s[1]! ** 2 + s[2]! ** 2) / n;

function makeBox(h: Histogram, start: number, end: number): Box {
  let count = 0;
  const s = [0, 0, 0];
  const q = [0, 0, 0];
  for (let k = start; k < end; k++) {
    const bin = h.bins[k]!;
    count += h.count[bin]!;
    for (let c = 0; c < 3; c++) {
      s[c]! += h.sum[bin * 3 + c]!;
      q[c]! += h.sumSq[bin * 3 + c]!;
    }
  }
  return { start, end, count, sum: s, sumSq: q, error: sse(count, s, q) };
}

/**
 * Splits a box in two along the channel and at the slice where the halves' summed squared error is least (the
 * variance-based cut of Wan, Wong & Prusinkiewicz 1988: better palettes than the plain median); undefined when
 * all its pixels fall in one bin.
 */
function split(h: Histogram, box: Box): [Box, Box] | undefined {
  let best = { error: Infinity, axis: -1, cut: -1 };
  const n = new Float64Array(SIDE);
  const s = new Float64Array(SIDE * 3);
  const q = new Float64Array(SIDE * 3);
  for (let axis = 0; axis < 3; axis++) {
    n.fill(0);
    s.fill(0);
    q.fill(0);
    for (let k = box.start; k < box.end; k++) {
      const bin = h.bins[k]!;
      const at = binCoordinate(bin, axis);
      n[at]! += h.count[bin]!;
      for (let c = 0; c < 3; c++) {
        s[at * 3 + c]! += h.sum[bin * 3 + c]!;
        q[at * 3 + c]! += h.sumSq[bin * 3 + c]!;
      }
    }
    // Cut after slice `cut`: the left half has slices ≤ cut. Running sums give each half in O(1).
    let nl = 0;
    const sl = [0, 0, 0], ql = [0, 0, 0];
    for (let cut = 0; cut < SIDE - 1; cut++) {
      nl += n[cut]!;
      for (let c = 0; c < 3; c++) {
        sl[c]! += s[cut * 3 + c]!;
        ql[c]! += q[cut * 3 + c]!;
      }
      if (nl === 0 || nl === box.count) continue;
      const sr = sl.map((v, c) => box.sum[c]! - v);
      const qr = ql.map((v, c) => box.sumSq[c]! - v);
      const error = sse(nl, sl, ql) + sse(box.count - nl, sr, qr);
      if (error < best.error) best = { error, axis, cut };
    }
  }
  if (best.axis < 0) return undefined;
  // Partition bins[start, end) in place: slices ≤ cut first.
  let mid = box.start;
  for (let k = box.start; k < box.end; k++) {
    const bin = h.bins[k]!;
    if (binCoordinate(bin, best.axis) <= best.cut) {
      h.bins[k] = h.bins[mid]!;
      h.bins[mid++] = bin;
    }
  }
  return [makeBox(h, box.start, mid), makeBox(h, mid, box.end)];
}

/** Frames with few colours keep them exactly; undefined when there are more than maxColors. */
function exactPalette(rgba: Uint8ClampedArray, maxColors: number): Map<number, number> | undefined {
  const colours = new Map<number, number>();
  for (let i = 0; i < rgba.length; i += 4) {
    const key = (rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!;
    if (!colours.has(key)) {
      if (colours.size === maxColors) return undefined;
      colours.set(key, colours.size);
    }
  }
  return colours;
}

// 4×4 Bayer matrix, thresholds 0–15.
const BAYER4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];
/** Ordered dither amplitude in 8-bit levels: about one palette step of a 256-colour median cut. */
const DITHER_SPREAD = 12;

export function quantize(rgba: Uint8ClampedArray, width: number, maxColors = 256, dither: Dither = 'none'): IndexedFrame {
  const pixels = rgba.length / 4;
  const exact = exactPalette(rgba, maxColors);
  if (exact !== undefined) {
    const palette = new Uint8Array(exact.size * 3);
    for (const [key, index] of exact) palette.set([key >> 16, (key >> 8) & 255, key & 255], index * 3);
    const indices = new Uint8Array(pixels);
    for (let p = 0; p < pixels; p++) {
      indices[p] = exact.get((rgba[p * 4]! << 16) | (rgba[p * 4 + 1]! << 8) | rgba[p * 4 + 2]!)!;
    }
    return { palette, indices };
  }

  const h = histogram(rgba);
  const boxes = [makeBox(h, 0, h.bins.length)];
  const unsplittable = new Set<Box>();
  while (boxes.length < maxColors) {
    let worst: Box | undefined;
    for (const b of boxes) if (!unsplittable.has(b) && (worst === undefined || b.error > worst.error)) worst = b;
    if (worst === undefined || worst.error <= 0) break;
    const halves = split(h, worst);
    if (halves === undefined) {
      unsplittable.add(worst);
      continue;
    }
    boxes.splice(boxes.indexOf(worst), 1, ...halves);
  }
  const palette = new Uint8Array(boxes.length * 3);
  boxes.forEach((b, i) => palette.set(b.sum.map((v) => Math.round(v / b.count)), i * 3));
  return { palette, indices: mapToPalette(rgba, width, new NearestColour(palette, pixels / h.bins.length), dither) };
}

/**
 * Exact nearest palette entry (squared RGB distance), searched among the candidates of the pixel's 8×8×8 cell: the
 * entries that could be nearest to some colour in the cell (their least distance to the cell is within the
 * smallest greatest distance of any entry). Cells are filled when first met; a few entries each, not 256. Filling
 * a cell costs a pass over the palette, so with few pixels per cell every cell simply lists the whole palette.
 */
class NearestColour {
  private readonly colours: number;
  /** Per cell: offset of its candidates in `pool`, −1 until computed. */
  private readonly start = new Int32Array(SIDE ** 3).fill(-1);
  private readonly length = new Uint16Array(SIDE ** 3);
  private pool = new Uint8Array(1 << 16);
  private used = 0;
  /** Scratch: each entry's least distance to the cell being filled. */
  private readonly least: Int32Array;

  constructor(
    private readonly palette: Uint8Array,
    pixelsPerCell: number,
  ) {
    this.colours = palette.length / 3;
    this.least = new Int32Array(this.colours);
    if (pixelsPerCell < 8) {
      this.start.fill(0);
      this.length.fill(this.colours);
      this.pool = Uint8Array.from({ length: this.colours }, (_, c) => c);
    }
  }

  find(r: number, g: number, b: number): number {
    const cell = binOf(r, g, b);
    if (this.start[cell]! < 0) this.fillCell(cell, r & ~7, g & ~7, b & ~7);
    const { palette, pool } = this;
    const from = this.start[cell]!;
    const to = from + this.length[cell]!;
    let best = pool[from]!;
    let bestDistance = Infinity;
    for (let k = from; k < to; k++) {
      const c = pool[k]!;
      const dr = palette[c * 3]! - r, dg = palette[c * 3 + 1]! - g, db = palette[c * 3 + 2]! - b;
      const d = dr * dr + dg * dg + db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  private fillCell(cell: number, r0: number, g0: number, b0: number): void {
    const { palette, colours, least } = this;
    let bound = Infinity;
    for (let c = 0; c < colours; c++) {
      // Per channel: the gap to the cell's [lo, lo + 7] (0 inside) and the distance to its far end.
      const r = palette[c * 3]!, g = palette[c * 3 + 1]!, b = palette[c * 3 + 2]!;
      const gr = r < r0 ? r0 - r : r > r0 + 7 ? r - r0 - 7 : 0;
      const gg = g < g0 ? g0 - g : g > g0 + 7 ? g - g0 - 7 : 0;
      const gb = b < b0 ? b0 - b : b > b0 + 7 ? b - b0 - 7 : 0;
      const fr = 2 * r >= 2 * r0 + 7 ? r - r0 : r0 + 7 - r;
      const fg = 2 * g >= 2 * g0 + 7 ? g - g0 : g0 + 7 - g;
      const fb = 2 * b >= 2 * b0 + 7 ? b - b0 : b0 + 7 - b;
      least[c] = gr * gr + gg * gg + gb * gb;
      const most = fr * fr + fg * fg + fb * fb;
      if (most < bound) bound = most;
    }
    if (this.used + colours > this.pool.length) {
      const grown = new Uint8Array(this.pool.length * 2);
      grown.set(this.pool);
      this.pool = grown;
    }
    this.start[cell] = this.used;
    for (let c = 0; c < colours; c++) if (least[c]! <= bound) this.pool[this.used++] = c;
    this.length[cell] = this.used - this.start[cell]!;
  }
}

function mapToPalette(rgba: Uint8ClampedArray, width: number, nearest: NearestColour, dither: Dither): Uint8Array {
  const pixels = rgba.length / 4;
  const indices = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let r = rgba[p * 4]!, g = rgba[p * 4 + 1]!, b = rgba[p * 4 + 2]!;
    if (dither === 'ordered') {
      const t = ((BAYER4[((p / width) & 3) * 4 + ((p % width) & 3)]! + 0.5) / 16 - 0.5) * DITHER_SPREAD;
      r = Math.min(255, Math.max(0, Math.round(r + t)));
      g = Math.min(255, Math.max(0, Math.round(g + t)));
      b = Math.min(255, Math.max(0, Math.round(b + t)));
    }
    indices[p] = nearest.find(r, g, b);
  }
  return indices;
}
