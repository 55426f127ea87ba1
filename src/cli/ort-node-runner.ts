// A ModelRunner on onnxruntime-node for a bundle folder: sessions created on first use and kept.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { GraphName } from '../graph/components.ts';
import type { ModelRunner, TensorData } from '../pipeline/runner.ts';
import type { BundleManifest } from '../store/bundle/manifest.ts';

export class OrtNodeRunner implements ModelRunner {
  private readonly sessions = new Map<GraphName, Promise<ort.InferenceSession>>();

  constructor(
    private readonly dir: string,
    private readonly manifest: BundleManifest,
  ) {}

  async run(graph: GraphName, feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>> {
    let session = this.sessions.get(graph);
    if (!session) {
      const entry = this.manifest.graphs[graph];
      if (!entry) throw new Error(`the bundle has no ${graph} graph`);
      session = ort.InferenceSession.create(join(this.dir, entry.model));
      this.sessions.set(graph, session);
    }
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      inputs[name] = t.data instanceof BigInt64Array ? new ort.Tensor('int64', t.data, t.dims) : new ort.Tensor('float32', t.data, t.dims);
    }
    const out = await (await session).run(inputs);
    const result: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(out)) result[name] = { data: t.data as Float32Array, dims: t.dims };
    return result;
  }

  async release(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).release();
    this.sessions.clear();
  }
}
