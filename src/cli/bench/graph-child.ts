// Child process of `npm run bench`: times one graph on onnxruntime-node (CPU) or onnxruntime-web's wasm backend in
// Node, reporting MeasureEvents over IPC (one process per case: wasm memory never shrinks, and a native abort must
// not end the bench). `profile` also writes ORT's per-node profile (Chrome trace JSON) for the first run.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphInput } from './graph-cases.ts';
import type { MeasureEvent } from './measure.ts';
import { warmupModel } from './warmup.ts';

export interface GraphJob {
  readonly runtime: 'node' | 'wasm';
  readonly dir: string;
  readonly model: string;
  readonly externalData: readonly string[];
  readonly inputs: readonly GraphInput[];
  readonly runs: number;
  readonly budgetMs: number;
  readonly wasmThreads: number;
  /** Profile file prefix (node) — with wasm, the profile goes to the console and is parsed by the parent. */
  readonly profile?: string;
}

type TensorCtor = new (type: string, data: Float32Array | BigInt64Array, dims: readonly number[]) => unknown;
interface Session {
  run(feeds: Record<string, unknown>): Promise<Record<string, { getData(): Promise<unknown> }>>;
  readonly outputNames: readonly string[];
  release(): Promise<void>;
  endProfiling?(): void;
}

const emit = (e: MeasureEvent) => process.send!(e);

async function main(job: GraphJob): Promise<void> {
  const feedsWith = async (Tensor: TensorCtor) => {
    const feeds: Record<string, unknown> = {};
    for (const i of job.inputs) {
      const b = await readFile(join(job.dir, i.file));
      const data = i.type === 'int64' ? new BigInt64Array(b.buffer, b.byteOffset, b.byteLength / 8) : new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
      feeds[i.name] = new Tensor(i.type, data, i.shape);
    }
    return feeds;
  };
  let session: Session;
  let feeds: Record<string, unknown>;
  let t0: number;
  if (job.runtime === 'node') {
    const ort = await import('onnxruntime-node');
    feeds = await feedsWith(ort.Tensor as unknown as TensorCtor);
    t0 = performance.now();
    session = (await ort.InferenceSession.create(join(job.dir, job.model), job.profile ? { enableProfiling: true, profileFilePrefix: job.profile } : {})) as unknown as Session;
    emit({ type: 'create', ms: performance.now() - t0 });
  } else {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = job.wasmThreads;
    ort.env.wasm.proxy = false;
    feeds = await feedsWith(ort.Tensor as unknown as TensorCtor);
    await (await ort.InferenceSession.create(await warmupModel(), { executionProviders: ['wasm'] })).release();
    t0 = performance.now();
    session = (await ort.InferenceSession.create(join(job.dir, job.model), {
      executionProviders: ['wasm'],
      externalData: job.externalData.map((f) => ({ path: f, data: join(job.dir, f) })),
      ...(job.profile ? { enableProfiling: true } : {}),
    })) as unknown as Session;
    emit({ type: 'create', ms: performance.now() - t0, threads: ort.env.wasm.numThreads ?? 1 });
  }
  const output = session.outputNames[0]!;
  const once = async () => {
    const start = performance.now();
    const out = await session.run(feeds);
    const data = (await out[output]!.getData()) as Float32Array;
    return { ms: performance.now() - start, data };
  };
  const first = await once();
  emit({ type: 'first', ms: first.ms, outputMeanAbs: first.data.reduce((s, v) => s + Math.abs(v), 0) / first.data.length });
  if (job.profile) session.endProfiling?.();
  let last = first.ms;
  let stopped = false;
  for (let i = 0; i < job.runs; i++) {
    if (performance.now() + last > t0 + job.budgetMs) {
      stopped = true;
      break;
    }
    last = (await once()).ms;
    emit({ type: 'run', ms: last });
  }
  emit({ type: 'done', stoppedForBudget: stopped });
  await session.release();
}

main(JSON.parse(process.argv[2]!) as GraphJob)
  .catch((e: unknown) => emit({ type: 'error', message: e instanceof Error ? e.message : String(e) }))
  .finally(() => process.disconnect?.());
