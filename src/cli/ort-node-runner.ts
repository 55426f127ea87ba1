// A ModelRunner on onnxruntime-node for a bundle folder: sessions created on first use and kept; every output comes
// back in JS memory.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { SCHEDULER_STEP_GRAPH, schedulerStepModel } from '../graph/models/scheduler-step.ts';
import { isResident, type ModelRunner, type RunnerGraph, type RunnerValue, type TensorData } from '../pipeline/runner.ts';
import type { BundleManifest } from '../store/bundle/manifest.ts';

export class OrtNodeRunner implements ModelRunner {
  private readonly sessions = new Map<RunnerGraph, Promise<ort.InferenceSession>>();

  constructor(
    private readonly dir: string,
    private readonly manifest: BundleManifest,
  ) {}

  async run(graph: RunnerGraph, feeds: Readonly<Record<string, RunnerValue>>): Promise<Record<string, TensorData>> {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      if (isResident(t)) throw new Error(`${graph}: ${name} is a device tensor, which this runner never makes`);
      inputs[name] = t.data instanceof BigInt64Array ? new ort.Tensor('int64', t.data, t.dims) : new ort.Tensor('float32', t.data, t.dims);
    }
    const out = await (await this.session(graph)).run(inputs);
    const result: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(out)) result[name] = { data: t.data as Float32Array, dims: t.dims };
    return result;
  }

  private session(graph: RunnerGraph): Promise<ort.InferenceSession> {
    let session = this.sessions.get(graph);
    if (!session) {
      if (graph === SCHEDULER_STEP_GRAPH) {
        session = schedulerStepModel().then((bytes) => ort.InferenceSession.create(bytes));
      } else {
        const entry = this.manifest.graphs[graph];
        if (!entry) throw new Error(`the bundle has no ${graph} graph`);
        session = ort.InferenceSession.create(join(this.dir, entry.model));
      }
      this.sessions.set(graph, session);
    }
    return session;
  }

  async release(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).release();
    this.sessions.clear();
  }
}
