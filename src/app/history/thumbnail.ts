// A history thumbnail: the video's first frame, at most 160 px on its longer side, as a small WebP (JPEG where the
// browser cannot write WebP). Made on the page from the RGBA frames when the run returned them, else by decoding
// the video in a <video> element, else from the start image the run was given (its first frame is that image).
import type { RgbaImage } from '../../protocol/engine.ts';

const MAX_SIDE = 160;
const DECODE_TIMEOUT_MS = 5000;

interface Still {
  readonly source: CanvasImageSource;
  readonly width: number;
  readonly height: number;
  release(): void;
}

/** The thumbnail, or undefined when none could be made (the entry is kept without one). */
export async function makeThumbnail(from: { frames?: readonly RgbaImage[]; video: Blob; image: Blob }): Promise<Blob | undefined> {
  const first = from.frames?.[0];
  const attempts: (() => Promise<Still>)[] = [];
  if (first) attempts.push(() => bitmap(new ImageData(first.data as Uint8ClampedArray<ArrayBuffer>, first.width, first.height)));
  attempts.push(() => firstVideoFrame(from.video), () => bitmap(from.image));
  for (const attempt of attempts) {
    let still: Still | undefined;
    try {
      still = await attempt();
      const blob = await encode(still);
      if (blob) return blob;
    } catch {
      // Try the next source.
    } finally {
      still?.release();
    }
  }
  return undefined;
}

async function bitmap(image: ImageData | Blob): Promise<Still> {
  const b = await createImageBitmap(image);
  return { source: b, width: b.width, height: b.height, release: () => b.close() };
}

async function encode(still: Still): Promise<Blob | undefined> {
  if (!still.width || !still.height) return undefined;
  const k = Math.min(1, MAX_SIDE / Math.max(still.width, still.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(still.width * k));
  canvas.height = Math.max(1, Math.round(still.height * k));
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.drawImage(still.source, 0, 0, canvas.width, canvas.height);
  const webp = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.8));
  if (webp?.type === 'image/webp') return webp;
  return (await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8))) ?? undefined;
}

/** The first frame of a video file, decoded by the browser's media stack. */
function firstVideoFrame(file: Blob): Promise<Still> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  const release = () => {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  };
  return new Promise<Still>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      release();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail('the video did not decode in time'), DECODE_TIMEOUT_MS);
    video.addEventListener('loadeddata', () => {
      clearTimeout(timer);
      resolve({ source: video, width: video.videoWidth, height: video.videoHeight, release });
    }, { once: true });
    video.addEventListener('error', () => fail('the video could not be decoded'), { once: true });
    video.src = url;
  });
}
