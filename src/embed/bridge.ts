// The embedded app's side of the postMessage protocol (./messages.ts): takes generate and cancel requests from the
// parent page when its origin is allowed (./origins.ts), runs them one at a time through the app's runGeneration,
// and answers with progress, the video or an error, addressed to that origin. Runs the visitor starts in the frame's
// own form are reported too (id null). Everything the page provides comes in as BridgeDeps, so the tests drive it
// with plain objects.
import type { RunOutcome, RunRequest } from '../app/run.ts';
import { checkSettings, type GenerateSettings } from '../app/settings.ts';
import { english } from '../lib/english.ts';
import { mergeSettings } from '../lib/merge-settings.ts';
import type { EngineEvent, EngineStage } from '../protocol/engine.ts';
import { engineErrorCode, type EngineErrorCode } from '../protocol/errors.ts';
import { type FrameMessage, type GenerateMessage, parseHostMessage, type RequestId } from './messages.ts';
import { isAllowed } from './origins.ts';

/** Where messages come from and go to (the parent window). */
export interface MessagePort {
  postMessage(message: FrameMessage, targetOrigin: string): void;
}

export interface BridgeDeps {
  /** The parent window: requests are taken only from it, answers go only to it. */
  readonly parent: MessagePort;
  readonly allowedOrigins: readonly string[];
  /** The settings and negative prompt a request's own values go over (the frame's URL defaults). */
  readonly defaults: () => { settings: GenerateSettings; negativePrompt: string };
  /** The installed model to use, or undefined when there is none. */
  readonly modelId: () => Promise<string | undefined>;
  /** A reason the image cannot be used (in English, for the host's developer), or undefined. */
  readonly checkImage: (image: Blob) => Promise<string | undefined>;
  /** runGeneration: aborting `signal` cancels that run (and only it). */
  readonly run: (request: RunRequest, onEvent: (e: EngineEvent) => void, signal: AbortSignal) => Promise<RunOutcome>;
  /** The host's runs, for the frame's own status line: running (with progress) or undefined when none. */
  readonly onHostRun?: (run: { id: RequestId; origin: string; stage?: string; done?: number; total?: number } | undefined) => void;
}

interface HostRun {
  readonly origin: string;
  readonly abort: AbortController;
}

export class EmbedBridge {
  private readonly runs = new Map<RequestId, HostRun>();
  /** The requests this bridge started, so the run-finished hook does not report them a second time. */
  private readonly own = new WeakSet<RunRequest>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: BridgeDeps) {}

  /** Tells every allowed origin the frame takes requests now. */
  announce(): void {
    this.broadcast({ type: 'localmotion:ready' });
  }

  /** A window 'message' event; anything not from the parent at an allowed origin is dropped without an answer. */
  receive(event: { readonly data: unknown; readonly origin: string; readonly source: unknown }): void {
    if (event.source !== this.deps.parent || !isAllowed(event.origin, this.deps.allowedOrigins)) return;
    const parsed = parseHostMessage(event.data);
    if (parsed.kind === 'foreign') return;
    if (parsed.kind === 'invalid') {
      this.send(event.origin, { type: 'localmotion:error', id: parsed.id, code: 'bad-request', message: parsed.reason });
      return;
    }
    const { message } = parsed;
    if (message.type === 'localmotion:cancel') this.cancel(message.id, event.origin);
    else this.enqueue(message, event.origin);
  }

  /** Progress of a run the visitor started in the frame's form. */
  visitorProgress(stage: EngineStage, done: number, total: number): void {
    this.broadcast({ type: 'localmotion:progress', id: null, stage, done, total });
  }

  /** runGeneration's finished-run hook: reports the visitor's runs (the bridge's own are answered by id). */
  runFinished(request: RunRequest, outcome: RunOutcome): void {
    if (this.own.has(request)) return;
    this.broadcast(resultMessage(null, request, outcome));
  }

  /** A visitor's run that failed (cancelled runs are not reported). */
  visitorError(code: EngineErrorCode, message: string): void {
    if (code === 'cancelled') return;
    this.broadcast({ type: 'localmotion:error', id: null, code, message });
  }

  private enqueue(message: GenerateMessage, origin: string): void {
    if (this.runs.has(message.id)) {
      this.send(origin, { type: 'localmotion:error', id: message.id, code: 'bad-request', message: `a request with id ${JSON.stringify(message.id)} is already running` });
      return;
    }
    const run: HostRun = { origin, abort: new AbortController() };
    this.runs.set(message.id, run);
    // One host request at a time, in the order they came.
    this.queue = this.queue
      .then(() => this.generate(message, run))
      // Anything else that fails (the store cannot be read, the engine throws) is answered too, never swallowed.
      .catch((e: unknown) => this.send(origin, failure(message.id, e, run.abort.signal.aborted)))
      .finally(() => {
        this.runs.delete(message.id);
        this.deps.onHostRun?.(undefined);
      });
  }

  private async generate(message: GenerateMessage, run: HostRun): Promise<void> {
    const { id } = message;
    const fail = (code: EngineErrorCode, text: string) => this.send(run.origin, { type: 'localmotion:error', id, code, message: text });
    if (run.abort.signal.aborted) return fail('cancelled', 'cancelled before it started');
    const defaults = this.deps.defaults();
    const settings = mergeSettings(defaults.settings, message.settings);
    const negativePrompt = message.negativePrompt ?? defaults.negativePrompt;
    const problems = checkSettings(settings, message.prompt, negativePrompt);
    if (problems.length > 0) {
      return fail('bad-request', problems.map((p) => `${p.field}: ${english(p.message)}`).join(' '));
    }
    const imageProblem = await this.deps.checkImage(message.image);
    if (imageProblem !== undefined) return fail('bad-image', imageProblem);
    const modelId = await this.deps.modelId();
    if (modelId === undefined) return fail('no-model', 'no model is installed in this browser for the embedded app: install one in the frame first');
    const request: RunRequest = { model: { modelId }, image: message.image, prompt: message.prompt, negativePrompt, settings };
    this.own.add(request);
    this.deps.onHostRun?.({ id, origin: run.origin });
    const onEvent = (e: EngineEvent) => {
      if (e.type !== 'progress') return;
      this.send(run.origin, { type: 'localmotion:progress', id, stage: e.stage, done: e.done, total: e.total });
      this.deps.onHostRun?.({ id, origin: run.origin, stage: e.stage, done: e.done, total: e.total });
    };
    const outcome = await this.deps.run(request, onEvent, run.abort.signal);
    if (run.abort.signal.aborted) return fail('cancelled', 'cancelled');
    this.send(run.origin, resultMessage(id, request, outcome));
  }

  private cancel(id: RequestId, origin: string): void {
    const run = this.runs.get(id);
    // Only the origin that asked for a run may cancel it; an unknown id is already finished.
    if (run === undefined || run.origin !== origin) return;
    run.abort.abort();
  }

  private send(origin: string, message: FrameMessage): void {
    this.deps.parent.postMessage(message, origin);
  }

  private broadcast(message: FrameMessage): void {
    for (const origin of this.deps.allowedOrigins) this.send(origin, message);
  }
}

function resultMessage(id: RequestId | null, request: RunRequest, outcome: RunOutcome): FrameMessage {
  const { video } = outcome.result;
  return {
    type: 'localmotion:result',
    id,
    video: outcome.video,
    mimeType: video.mimeType,
    seed: outcome.seed,
    settings: { ...request.settings, seed: outcome.seed },
    width: video.width,
    height: video.height,
    frameCount: video.frameCount,
    warnings: outcome.result.warnings,
  };
}

/** The error answer for a thrown value: its code when it is an engine code, else internal; cancelled wins. */
function failure(id: RequestId, e: unknown, cancelled: boolean): FrameMessage {
  const { code, message } = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown };
  return { type: 'localmotion:error', id, code: cancelled ? 'cancelled' : engineErrorCode(code), message: typeof message === 'string' && message !== '' ? message : String(e) };
}
