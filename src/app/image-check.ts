// The page's check of a chosen image file before anything runs, from its bytes (magic numbers and headers), never its
// name or the browser's MIME guess: PNG, JPEG and WebP still images are taken; everything else gets one message that
// says what is wrong and what to do. Sizes are read from the header before any decoding (a 12000 × 12000 PNG is
// refused without being decoded); then the browser decodes it once to confirm the body is readable. Runs on the
// page, so a bad file never reaches the engine worker.
//
// Decisions: GIF, BMP, TIFF, AVIF and HEIC are refused even where Chrome could decode them — the product takes PNG,
// JPEG and WebP (the file picker offers those, the CLI takes the same), and one rule is easier to trust than a list
// that differs by browser. Animations (APNG, animated GIF or WebP) are refused rather than cut to their first frame,
// which may not be the frame the user means. 16-bit PNGs and CMYK JPEGs are taken with a notice: Chrome decodes both
// (createImageBitmap reduces 16-bit to 8 and converts CMYK/YCCK to RGB), and that is what happens to their colours.
import type { Message } from './i18n/i18n.svelte.ts';
import { type ImageFacts, readImageFacts } from './image-header/index.ts';
import { MAX_IMAGE_SIDE } from '../workers/image-decode.ts';

/** The largest side taken: the engine's own limit, which it checks again. */
const MAX_SIDE = MAX_IMAGE_SIDE;
/** Smaller than this on a side is not a picture to start a video from. */
export const MIN_SIDE = 16;
/** Below this shorter side, the notice that the video will be blurry (real models make 256p and up). */
export const SMALL_SIDE = 256;
/** Longer side / shorter side beyond which most of the image is cropped away (the frames are 16:9 at most). */
export const WIDE_RATIO = 4;
/** The largest file read at all. */
export const MAX_FILE_MB = 50;

export type TakenFormat = 'png' | 'jpeg' | 'webp';
export type ImageCheck =
  | { readonly ok: true; readonly width: number; readonly height: number; readonly format: TakenFormat; readonly notices: readonly Message[] }
  | { readonly ok: false; readonly problem: Message };

const NAMES = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF' } as const;
const NOT_IMAGE = { svg: 'image.svg', html: 'image.html', pdf: 'image.pdf', zip: 'image.zip', video: 'image.video', text: 'image.text', unknown: 'image.unknown' } as const;

/** The verdict on a file's header facts: a problem, or the format, size and notices. Pure. */
export function judgeImage(facts: ImageFacts): ImageCheck {
  const refuse = (problem: Message): ImageCheck => ({ ok: false, problem });
  if (facts.kind === 'not-image') return refuse({ key: NOT_IMAGE[facts.what] });
  if (facts.kind === 'other-image') return refuse({ key: 'image.unsupported', vars: { format: facts.format } });
  if (facts.kind === 'damaged') return refuse({ key: facts.truncated ? 'image.truncated' : 'image.damaged', vars: { format: NAMES[facts.format] } });
  const { format, width, height } = facts;
  if (facts.truncated) return refuse({ key: 'image.truncated', vars: { format: NAMES[format] } });
  if (facts.frames > 1) return refuse({ key: 'image.animated', vars: { format: format === 'png' ? 'APNG' : NAMES[format], frames: facts.frames } });
  if (format === 'gif') return refuse({ key: 'image.unsupported', vars: { format: 'GIF' } });
  if (format === 'jpeg' && facts.bitDepth !== 8) return refuse({ key: 'image.jpegDepth', vars: { bits: facts.bitDepth } });
  if (width > MAX_SIDE || height > MAX_SIDE) return refuse({ key: 'image.tooBig', vars: { width, height, max: MAX_SIDE } });
  if (width < MIN_SIDE || height < MIN_SIDE) return refuse({ key: 'image.tooSmall', vars: { width, height, min: MIN_SIDE } });

  const notices: Message[] = [];
  if (facts.bitDepth === 16) notices.push({ key: 'image.notice.sixteenBit' });
  if (facts.cmyk) notices.push({ key: 'image.notice.cmyk' });
  if (Math.min(width, height) < SMALL_SIDE) notices.push({ key: 'image.notice.small', vars: { width, height } });
  const ratio = Math.max(width, height) / Math.min(width, height);
  if (ratio > WIDE_RATIO) notices.push({ key: 'image.notice.aspect', vars: { ratio: Math.round(ratio * 10) / 10 } });
  return { ok: true, format, width, height, notices };
}

/** Checks a chosen or dropped file: size, header, then one decode by the browser. */
export async function checkImage(file: Blob): Promise<ImageCheck> {
  if (file.size === 0) return { ok: false, problem: { key: 'image.empty' } };
  if (file.size > MAX_FILE_MB * 1024 * 1024) {
    return { ok: false, problem: { key: 'image.fileTooLarge', vars: { size: Math.round(file.size / 1024 / 1024), max: MAX_FILE_MB } } };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ok: false, problem: { key: 'image.unreadable' } }; // a dropped folder, or a file gone since it was chosen
  }
  const verdict = judgeImage(readImageFacts(bytes));
  if (!verdict.ok) return verdict;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const { width, height } = bitmap; // EXIF orientation applied: may be the header's size turned
    bitmap.close();
    return { ...verdict, width, height };
  } catch {
    return { ok: false, problem: { key: 'image.undecodable', vars: { format: NAMES[verdict.format] } } };
  }
}

/** The one file of a drop or paste, or the problem with it (none, or several). */
export function singleFile(files: ArrayLike<File> | null | undefined): { file: File } | { problem: Message } | undefined {
  if (!files || files.length === 0) return undefined;
  if (files.length > 1) return { problem: { key: 'image.several', vars: { count: files.length } } };
  return { file: files[0]! };
}
