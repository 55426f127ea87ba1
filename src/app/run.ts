// One generation from the app's settings: checks them, loads the model when it is not the loaded one, picks the seed
// (random or locked), and runs the engine. The form, the batch queue, embed mode and the library entry all go
// through here, so a run means the same everywhere. Runs take turns (the engine makes one video at a time), and each
// is cancelled through its own AbortSignal: a run cancelled while it waits never reaches the engine, and cancelling
// one run never stops another.
import type { EncodedVideoResult, EngineEvent, GenerateResult, LoadRequest } from '../protocol/engine.ts';
import { EngineError } from '../protocol/errors.ts';
import type { EngineClient } from './engine-client.ts';
import { checkSettings, type FieldProblem, type GenerateSettings, randomSeed, toRequest } from './settings.ts';

export interface RunRequest {
  /** The model: an installed one (modelId) or a bundle URL. */
  readonly model: LoadRequest;
  readonly image: Blob;
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly settings: GenerateSettings;
  /** Decode a preview frame every N steps (0: none). */
  readonly previewEvery?: number;
  /** Also return the RGBA frames (to encode WebM/GIF later without running the model again). */
  readonly returnFrames?: boolean;
}

export interface RunOutcome {
  readonly result: GenerateResult;
  /** The encoded file as a Blob, made once per run: the form, history, batch, embed and library share it. */
  readonly video: Blob;
  /** The seed used (a random one when settings.seedMode is 'random'). */
  readonly seed: number;
  /** Wall time from the call to the finished file, s (model load included). */
  readonly seconds: number;
}

/** Thrown before any engine work when the settings or prompts are not valid; one problem per field. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(`invalid settings: ${problems.map((p) => p.field).join(', ')}`);
  }
}

/** An encoded file as a Blob of its type (one copy of the bytes). */
export function videoBlob(video: Pick<EncodedVideoResult, 'bytes' | 'mimeType'>): Blob {
  return new Blob([video.bytes as Uint8Array<ArrayBuffer>], { type: video.mimeType });
}

type FinishedListener = (request: RunRequest, outcome: RunOutcome) => void;
const finishedListeners = new Set<FinishedListener>();

/** Calls `listener` after every successful run (history records them this way); returns the unsubscribe. */
export function onRunFinished(listener: FinishedListener): () => void {
  finishedListeners.add(listener);
  return () => finishedListeners.delete(listener);
}

// The engine makes one video at a time: runs asked for while one is going wait their turn instead of failing busy.
let queue: Promise<unknown> = Promise.resolve();

/** Runs one generation; waits for any run already going on this page. Throws SettingsError before any engine work,
 *  EngineError (with its code: cancelled, bad-image, out-of-memory, …) from the engine; aborting `signal` makes it
 *  EngineError 'cancelled' (at once while the run waits its turn or loads the model, at the next step once it runs). */
export function runGeneration(engine: EngineClient, request: RunRequest, onEvent?: (e: EngineEvent) => void, signal?: AbortSignal): Promise<RunOutcome> {
  const problems = checkSettings(request.settings, request.prompt, request.negativePrompt);
  if (problems.length > 0) return Promise.reject(new SettingsError(problems));
  const run = queue.then(() => runNow(engine, request, onEvent, signal));
  queue = run.catch(() => {});
  return run.then((outcome) => {
    for (const listener of finishedListeners) listener(request, outcome);
    return outcome;
  });
}

async function runNow(engine: EngineClient, request: RunRequest, onEvent?: (e: EngineEvent) => void, signal?: AbortSignal): Promise<RunOutcome> {
  const { settings, prompt, negativePrompt } = request;
  const started = performance.now();
  const seed = settings.seedMode === 'random' ? randomSeed() : settings.seed;
  const stopIfCancelled = () => {
    if (signal?.aborted) throw new EngineError('cancelled', 'cancelled before the video was started');
  };
  stopIfCancelled();
  // From here on this is the engine's only run, so engine.cancel() stops this run and no other.
  const onAbort = () => void engine.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await engine.ensureLoaded(request.model, onEvent);
    stopIfCancelled(); // a cancel that came as the load finished
    const { params, output } = toRequest(settings, prompt, negativePrompt, seed);
    const result = await engine.generate(
      { image: request.image, params, output, previewEvery: request.previewEvery ?? 0, returnFrames: request.returnFrames ?? false },
      onEvent,
    );
    return { result, video: videoBlob(result.video), seed, seconds: (performance.now() - started) / 1000 };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
