// LocalMotion as a library (built as localmotion.js): generateVideo(image, prompt, options) makes one video in the
// calling page, with its own engine worker, through the same runGeneration as the app's form. Must be served from
// the page's own origin (a Worker's script has to be same-origin); the models are the ones installed in this
// origin's IndexedDB (by the app at the same origin, or given as a bundle URL).
import { engine } from '../app/engine.ts';
import { checkImage } from '../app/image-check.ts';
import { runGeneration } from '../app/run.ts';
import type { GenerateSettings } from '../app/settings.ts';
import { pageStore } from '../app/store-client.ts';
import type { EngineEvent, EngineWarning } from '../protocol/engine.ts';
import { english } from './english.ts';
import { checkCall, type GenerateVideoOptions, type ProgressEvent } from './options.ts';

export type { GenerateVideoOptions, ProgressEvent };
export type { GenerateSettings };
export { DEFAULT_SETTINGS, PRESETS } from '../app/settings.ts';

export interface GeneratedVideo {
  /** The video file (MP4, H.264). */
  readonly video: Blob;
  readonly mimeType: string;
  readonly width: number;
  readonly height: number;
  readonly frameCount: number;
  /** Playback frame rate. */
  readonly fps: number;
  /** The seed used (a fresh random one when settings.seedMode is 'random'). */
  readonly seed: number;
  /** The settings the run used, with that seed. */
  readonly settings: GenerateSettings;
  /** Wall time of the run, model load included. */
  readonly seconds: number;
  /** What the run did differently from what was asked (a prompt longer than the model's 77 tokens was cut). */
  readonly warnings: readonly EngineWarning[];
}

/**
 * Makes a video from `image` (PNG, JPEG or WebP) and `prompt`. Rejects with a TypeError for bad arguments (it names
 * them), an Error with `code` from the engine (out-of-memory, bad-image, model, …), or a DOMException named
 * AbortError when `options.signal` aborts. Calls run one after another, never at once.
 */
export async function generateVideo(image: Blob, prompt: string, options: GenerateVideoOptions = {}): Promise<GeneratedVideo> {
  const call = checkCall(image, prompt, options, globalThis.location?.href ?? 'http://localhost/');
  const { signal, onProgress } = options;
  signal?.throwIfAborted();

  const checked = await checkImage(call.image);
  if (!checked.ok) throw new TypeError(`generateVideo: ${english(checked.problem)}`);
  const model = call.model ?? { modelId: await firstInstalledModel() };
  signal?.throwIfAborted();

  const onEvent = (e: EngineEvent) => {
    if (e.type === 'progress') onProgress?.({ stage: e.stage, done: e.done, total: e.total, unit: e.unit });
  };
  try {
    const request = { model: { ...model, backend: call.backend }, image: call.image, prompt: call.prompt, negativePrompt: call.negativePrompt, settings: call.settings };
    const outcome = await runGeneration(engine, request, onEvent, signal);
    signal?.throwIfAborted();
    const { video } = outcome.result;
    return {
      video: outcome.video,
      mimeType: video.mimeType,
      width: video.width,
      height: video.height,
      frameCount: video.frameCount,
      fps: video.fps,
      seed: outcome.seed,
      settings: { ...call.settings, seed: outcome.seed },
      seconds: outcome.seconds,
      warnings: outcome.result.warnings,
    };
  } catch (e) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('generateVideo was aborted', 'AbortError');
    throw e;
  }
}

async function firstInstalledModel(): Promise<string> {
  const models = await pageStore.list();
  const installed = models.find((m) => m.state === 'installed');
  if (installed === undefined) {
    const origin = globalThis.location?.origin ?? 'this origin';
    throw new Error(
      `generateVideo: no model is installed in this browser for ${origin}. Install one in the LocalMotion app at ${origin}, or pass options.model: { bundleUrl: '<bundle folder URL>' }.`,
    );
  }
  return installed.id;
}
