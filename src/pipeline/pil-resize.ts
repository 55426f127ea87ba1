// Pillow's resampling (libImaging/Resample.c, Pillow 9.4 — what the reference pipeline used) for 8-bit RGB, so the
// pixels the model sees equal the reference's: separable filters whose support widens when downscaling, coefficients
// in 22-bit fixed point, a horizontal pass over the rows the vertical pass needs, then the vertical pass.

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** Interleaved RGB, row-major, 3 bytes a pixel. */
  readonly data: Uint8Array;
}

export type ResampleFilter = 'box' | 'bilinear';

const FILTERS: Record<ResampleFilter, { support: number; weight: (x: number) => number }> = {
  box: { support: 0.5, weight: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: { support: 1, weight: (x) => (Math.abs(x) < 1 ? 1 - Math.abs(x) : 0) },
};

const PRECISION_BITS = 32 - 8 - 2;

interface Coefficients {
  readonly size: number; // coefficients per output pixel
  readonly bounds: Int32Array; // [min, count] per output pixel
  readonly weights: Int32Array; // fixed point, size per output pixel
}

/** precompute_coeffs + normalize_coeffs_8bpc. */
function coefficients(inSize: number, outSize: number, filter: ResampleFilter): Coefficients {
  const { support: base, weight } = FILTERS[filter];
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = base * filterScale;
  const size = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * size);
  const k = new Float64Array(size);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) total += k[x] = weight((x + xmin - center + 0.5) * ss);
    for (let x = 0; x < xmax; x++) {
      const w = total !== 0 ? k[x]! / total : k[x]!;
      weights[xx * size + x] = w < 0 ? Math.trunc(-0.5 + w * 2 ** PRECISION_BITS) : Math.trunc(0.5 + w * 2 ** PRECISION_BITS);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { size, bounds, weights };
}

function clip8(v: number): number {
  if (v >= 2 ** PRECISION_BITS * 256) return 255;
  if (v <= 0) return 0;
  return Math.floor(v / 2 ** PRECISION_BITS);
}

/** Image.resize((width, height), resample) for an RGB image. */
export function resizePil(img: RgbImage, width: number, height: number, filter: ResampleFilter): RgbImage {
  if (width === img.width && height === img.height) return { width, height, data: img.data.slice() };
  const horiz = coefficients(img.width, width, filter);
  const vert = coefficients(img.height, height, filter);
  const needH = width !== img.width;
  const needV = height !== img.height;
  let src = img;
  const half = 2 ** (PRECISION_BITS - 1);
  let vertBounds = vert.bounds;
  if (needH) {
    // Only the rows the vertical pass reads: first..last.
    const first = needV ? vert.bounds[0]! : 0;
    const last = needV ? vert.bounds[height * 2 - 2]! + vert.bounds[height * 2 - 1]! : img.height;
    const rows = last - first;
    const out = new Uint8Array(width * rows * 3);
    for (let y = 0; y < rows; y++) {
      const inRow = (y + first) * img.width * 3;
      for (let xx = 0; xx < width; xx++) {
        const xmin = horiz.bounds[xx * 2]!;
        const xmax = horiz.bounds[xx * 2 + 1]!;
        const kBase = xx * horiz.size;
        for (let c = 0; c < 3; c++) {
          let ss = half;
          for (let x = 0; x < xmax; x++) ss += img.data[inRow + (x + xmin) * 3 + c]! * horiz.weights[kBase + x]!;
          out[(y * width + xx) * 3 + c] = clip8(ss);
        }
      }
    }
    src = { width, height: rows, data: out };
    if (needV) vertBounds = vert.bounds.map((b, i) => (i % 2 === 0 ? b - first : b));
  }
  if (!needV) return src;
  const out = new Uint8Array(width * height * 3);
  for (let yy = 0; yy < height; yy++) {
    const ymin = vertBounds[yy * 2]!;
    const ymax = vertBounds[yy * 2 + 1]!;
    const kBase = yy * vert.size;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let ss = half;
        for (let y = 0; y < ymax; y++) ss += src.data[((y + ymin) * width + x) * 3 + c]! * vert.weights[kBase + y]!;
        out[(yy * width + x) * 3 + c] = clip8(ss);
      }
    }
  }
  return { width, height, data: out };
}

export function cropRgb(img: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sy = y + top;
    for (let x = 0; x < width; x++) {
      const sx = x + left;
      if (sy < 0 || sy >= img.height || sx < 0 || sx >= img.width) continue; // PIL pads outside with black
      out.set(img.data.subarray((sy * img.width + sx) * 3, (sy * img.width + sx) * 3 + 3), (y * width + x) * 3);
    }
  }
  return { width, height, data: out };
}
