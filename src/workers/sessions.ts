// A ModelRunner on onnxruntime-web: one InferenceSession per bundle graph plus the scheduler-step graph, on the
// native WebGPU EP (`onnxruntime-web/webgpu`) or on wasm. On WebGPU the UNet's noise_pred and every scheduler-step
// output stay in GPU buffers, so the denoising loop never copies latents back to JS between steps.
import * as ort from 'onnxruntime-web/webgpu';
import { SCHEDULER_STEP_GRAPH, schedulerStepModel } from '../graph/models/scheduler-step.ts';
import type { Backend } from '../protocol/engine.ts';
import type { ModelRunner, ResidentTensor, RunnerGraph, RunnerValue, TensorData } from '../pipeline/runner.ts';
import type { BundleManifest } from '../store/bundle/manifest.ts';
import type { BundleSource } from '../store/bundle/source.ts';

/** Outputs that stay on the GPU (WebGPU only): the loop feeds them straight back. */
const RESIDENT_OUTPUTS: Partial<Record<RunnerGraph, readonly string[]>> = {
  unet: ['noise_pred'],
  [SCHEDULER_STEP_GRAPH]: ['latents', 'sample_pair', 'x0'],
};

const GRAPH_ORDER: readonly RunnerGraph[] = ['text_encoder', 'image_encoder', 'vae_encoder', 'unet', 'vae_decoder', SCHEDULER_STEP_GRAPH];

export interface RunStats {
  /** ms inside session.run, plus reading CPU outputs back. */
  runMs: number;
  calls: number;
}

export class OrtWebRunner implements ModelRunner {
  readonly stats: RunStats = { runMs: 0, calls: 0 };
  private readonly sessions = new Map<RunnerGraph, ort.InferenceSession>();
  private readonly tensors = new WeakMap<ResidentTensor, ort.Tensor>();

  private constructor(readonly backend: Backend) {}

  /** Creates every session (the slow part: weights are uploaded and shaders compiled here). */
  static async create(
    backend: Backend,
    manifest: BundleManifest,
    source: BundleSource,
    onGraph: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<OrtWebRunner> {
    const runner = new OrtWebRunner(backend);
    try {
      onGraph(0, GRAPH_ORDER.length);
      for (const [i, graph] of GRAPH_ORDER.entries()) {
        signal?.throwIfAborted();
        runner.sessions.set(graph, await runner.createSession(graph, manifest, source));
        onGraph(i + 1, GRAPH_ORDER.length);
      }
    } catch (e) {
      await runner.release();
      throw e;
    }
    return runner;
  }

  private async createSession(graph: RunnerGraph, manifest: BundleManifest, source: BundleSource): Promise<ort.InferenceSession> {
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: [this.backend],
      graphOptimizationLevel: 'all',
    };
    const resident = RESIDENT_OUTPUTS[graph];
    if (this.backend === 'webgpu' && resident) {
      options.preferredOutputLocation = Object.fromEntries(resident.map((name) => [name, 'gpu-buffer'] as const));
    }
    if (graph === SCHEDULER_STEP_GRAPH) return ort.InferenceSession.create(await schedulerStepModel(), options);
    const entry = manifest.graphs[graph];
    if (!entry) throw new Error(`the bundle has no ${graph} graph`);
    // External data goes to ORT as Blobs where the source has them: ORT reads them without another copy in JS.
    const externalData = await Promise.all(entry.externalData.map(async (path) => ({ path, data: await source.readFile(path) })));
    if (externalData.length > 0) options.externalData = externalData;
    const model = await source.readFile(entry.model);
    const bytes = model instanceof Blob ? new Uint8Array(await model.arrayBuffer()) : model;
    return ort.InferenceSession.create(bytes, options);
  }

  async run(graph: RunnerGraph, feeds: Readonly<Record<string, RunnerValue>>): Promise<Record<string, RunnerValue>> {
    const session = this.sessions.get(graph);
    if (!session) throw new Error(`no session for ${graph} (released?)`);
    const inputs: Record<string, ort.Tensor> = {};
    const created: ort.Tensor[] = [];
    for (const [name, v] of Object.entries(feeds)) {
      if ('resident' in v) {
        const t = this.tensors.get(v);
        if (!t) throw new Error(`${graph}: ${name} is a device tensor of another runner, or disposed`);
        inputs[name] = t;
      } else {
        const t = v.data instanceof BigInt64Array ? new ort.Tensor('int64', v.data, v.dims) : new ort.Tensor('float32', v.data, v.dims);
        inputs[name] = t;
        created.push(t);
      }
    }
    // wasm runs block this thread and their promises settle as microtasks: without a macrotask turn between runs,
    // cancel() and other messages would wait for the whole generation.
    await yieldToEventLoop();
    const started = performance.now();
    const out = await session.run(inputs);
    const result: Record<string, RunnerValue> = {};
    for (const [name, t] of Object.entries(out)) {
      if (t.location === 'gpu-buffer') {
        result[name] = this.resident(t);
      } else {
        result[name] = { data: (await t.getData()) as TensorData['data'], dims: t.dims };
      }
    }
    this.stats.runMs += performance.now() - started;
    this.stats.calls++;
    return result;
  }

  private resident(t: ort.Tensor): ResidentTensor {
    let disposed = false;
    const handle: ResidentTensor = {
      dims: t.dims,
      resident: true,
      read: async () => {
        if (disposed) throw new Error('read after dispose');
        const started = performance.now();
        const data = (await t.getData()) as Float32Array;
        this.stats.runMs += performance.now() - started;
        return data;
      },
      dispose: () => {
        if (!disposed) {
          disposed = true;
          t.dispose();
        }
      },
    };
    this.tensors.set(handle, t);
    return handle;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await s.release();
  }
}

/** One turn of the event loop (a MessageChannel round trip: no 4 ms clamp as with nested setTimeout). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
