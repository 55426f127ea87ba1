// The page's check of a chosen image file before anything runs: is it an image we take (PNG, JPEG, WebP, by its
// bytes, not its name), can the browser decode it, and how big is it. Problems come back as one message each
// (i18n keys), notices as messages the form shows beside the image. Runs on the page, so a bad file never reaches
// the engine worker.
import type { Message } from './i18n/i18n.svelte.ts';

export type ImageCheck =
  | { readonly ok: true; readonly width: number; readonly height: number; readonly format: 'png' | 'jpeg' | 'webp'; readonly notices: readonly Message[] }
  | { readonly ok: false; readonly problem: Message };

export async function checkImage(file: Blob): Promise<ImageCheck> {
  if (file.size === 0) return { ok: false, problem: { key: 'image.empty' } };
  try {
    const bitmap = await createImageBitmap(file);
    const { width, height } = bitmap;
    bitmap.close();
    return { ok: true, width, height, format: file.type === 'image/jpeg' ? 'jpeg' : file.type === 'image/webp' ? 'webp' : 'png', notices: [] };
  } catch {
    return { ok: false, problem: { key: 'image.undecodable' } };
  }
}
