// What a file's bytes say it is, before any decoding: the facts the image check judges (see ../image-check.ts).

/** Formats whose headers we read in full: the three the app takes, and GIF (to tell an animation from a still). */
export type ParsedFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** Picture formats we recognise but do not take, by their usual names (these are names, not translated). */
export type OtherFormat = 'AVIF' | 'HEIC' | 'BMP' | 'TIFF' | 'JPEG XL' | 'ICO' | 'PSD';

/** Files that are not pictures at all. */
export type NotImage = 'svg' | 'html' | 'pdf' | 'zip' | 'video' | 'text' | 'unknown';

export type ImageFacts =
  | {
      readonly kind: 'raster';
      readonly format: ParsedFormat;
      readonly width: number;
      readonly height: number;
      /** 1 for a still image; more for an animation (APNG, animated GIF or WebP). */
      readonly frames: number;
      /** The file ends before the picture does (no IEND / EOI, a chunk or the RIFF body runs past the end). */
      readonly truncated: boolean;
      /** Bits per channel (PNG: 1–16; JPEG: 8 or 12; else 8). */
      readonly bitDepth: number;
      /** JPEG with four colour components (CMYK or YCCK, as print workflows save them). */
      readonly cmyk: boolean;
    }
  /** The signature is right but the header is cut short or makes no sense. */
  | { readonly kind: 'damaged'; readonly format: ParsedFormat; readonly truncated: boolean }
  | { readonly kind: 'other-image'; readonly format: OtherFormat }
  | { readonly kind: 'not-image'; readonly what: NotImage };

export type RasterFacts = Extract<ImageFacts, { kind: 'raster' }>;

export function raster(format: ParsedFormat, width: number, height: number, more: Partial<Omit<RasterFacts, 'kind' | 'format' | 'width' | 'height'>> = {}): RasterFacts {
  return { kind: 'raster', format, width, height, frames: 1, truncated: false, bitDepth: 8, cmyk: false, ...more };
}
