// The page's handle on the engine worker: the one `new Worker` + comlink.wrap. Keeps EngineErrors intact, and
// after a device-lost error replaces the worker (its onnxruntime-web is bound to the dead GPU device) and loads
// the last model again before the next generation.
import { proxy, type Remote, transferHandlers, wrap } from 'comlink';
import { engineThrowHandler } from '../protocol/comlink-throw.ts';
import type { EngineApi, EngineEvent, EngineMemory, GenerateRequest, GenerateResult, LoadedModel, LoadRequest } from '../protocol/engine.ts';
import { EngineError } from '../protocol/errors.ts';
import type { GpuReport } from '../protocol/gpu.ts';

transferHandlers.set('throw', engineThrowHandler);

export type WorkerFactory = () => Worker;

const defaultWorker: WorkerFactory = () =>
  new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'localmotion-engine' });

export class EngineClient {
  private worker: Worker | undefined;
  private remote: Remote<EngineApi> | undefined;
  private lastLoad: LoadRequest | undefined;
  private loadedHere = false;

  constructor(private readonly createWorker: WorkerFactory = defaultWorker) {}

  /** The comlink proxy of the current worker (started on first use); harnesses may call extra methods on it. */
  api<T extends object = EngineApi>(): Remote<T> {
    if (!this.remote) {
      this.worker = this.createWorker();
      this.remote = wrap<EngineApi>(this.worker);
    }
    return this.remote as unknown as Remote<T>;
  }

  probe(): Promise<GpuReport> {
    return this.call((api) => api.probe() as Promise<GpuReport>);
  }

  async load(request: LoadRequest, onEvent?: (e: EngineEvent) => void): Promise<LoadedModel> {
    this.lastLoad = request;
    this.loadedHere = false;
    const loaded = await this.call((api) => api.load(request, onEvent ? proxy(onEvent) : undefined));
    this.loadedHere = true;
    return loaded;
  }

  /** Loads `request` unless it is the model this worker already has (same id or URL and backend). */
  async ensureLoaded(request: LoadRequest, onEvent?: (e: EngineEvent) => void): Promise<void> {
    if (this.loadedHere && this.lastLoad && sameLoad(this.lastLoad, request)) return;
    await this.load(request, onEvent);
  }

  async generate(request: GenerateRequest, onEvent?: (e: EngineEvent) => void): Promise<GenerateResult> {
    if (!this.loadedHere && this.lastLoad) await this.load(this.lastLoad, onEvent);
    return this.call((api) => api.generate(request, onEvent ? proxy(onEvent) : undefined));
  }

  cancel(): Promise<void> {
    return this.remote ? this.call((api) => api.cancel()) : Promise.resolve();
  }

  release(): Promise<void> {
    this.loadedHere = false;
    return this.remote ? this.call((api) => api.release()) : Promise.resolve();
  }

  memory(): Promise<EngineMemory> {
    return this.call((api) => api.memory());
  }

  /** Stops the worker at once (a last resort: cancel() is the polite way). */
  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    this.loadedHere = false;
  }

  private async call<T>(f: (api: Remote<EngineApi>) => Promise<T>): Promise<T> {
    try {
      return await f(this.api());
    } catch (e) {
      if (e instanceof EngineError && e.code === 'device-lost') this.terminate();
      throw e;
    }
  }
}

const sameLoad = (a: LoadRequest, b: LoadRequest) => a.modelId === b.modelId && a.bundleUrl === b.bundleUrl && (a.backend ?? 'auto') === (b.backend ?? 'auto');
