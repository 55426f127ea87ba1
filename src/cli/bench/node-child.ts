// Child process of `npm run bench` and `npm run bench:unet`: times one model on onnxruntime-node or on onnxruntime-web's wasm backend
// (in Node), reporting MeasureEvents over IPC. A process per case: wasm memory never shrinks, and a native abort
// or an over-budget run must not take the whole benchmark with it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputFile } from './inputs.ts';
import { type MeasureEvent, type TimedSession, timeRuns } from './measure.ts';
import { warmupModel } from './warmup.ts';

export interface NodeJob {
  readonly runtime: 'node' | 'wasm';
  readonly dir: string;
  readonly model: string;
  readonly externalData: readonly string[];
  readonly inputsDir: string;
  readonly inputs: readonly InputFile[];
  readonly runs: number;
  readonly budgetMs: number;
  readonly wasmThreads: number;
}

type TensorCtor = new (type: 'float32' | 'int64', data: Float32Array | BigInt64Array, dims: readonly number[]) => unknown;

const emit = (e: MeasureEvent) => process.send!(e);

async function main(job: NodeJob): Promise<void> {
  const feedsWith = async (Tensor: TensorCtor) => {
    const feeds: Record<string, unknown> = {};
    for (const input of job.inputs) {
      const b = await readFile(join(job.inputsDir, input.file));
      feeds[input.name] =
        input.type === 'int64'
          ? new Tensor('int64', new BigInt64Array(b.buffer, b.byteOffset, b.byteLength / 8), input.shape)
          : new Tensor('float32', new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4), input.shape);
    }
    return feeds;
  };
  let session: TimedSession & { release(): Promise<void> };
  let feeds: Record<string, unknown>;
  let t0: number; // the case's time budget counts from session creation on
  if (job.runtime === 'node') {
    const ort = await import('onnxruntime-node');
    feeds = await feedsWith(ort.Tensor as unknown as TensorCtor);
    t0 = performance.now();
    session = (await ort.InferenceSession.create(join(job.dir, job.model))) as unknown as typeof session;
    emit({ type: 'create', ms: performance.now() - t0 });
  } else {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = job.wasmThreads;
    ort.env.wasm.proxy = false;
    feeds = await feedsWith(ort.Tensor as unknown as TensorCtor);
    // The runtime's own start-up (compiling the 12 MB .wasm) is not the model's: pay it on a one-node graph first.
    await (await ort.InferenceSession.create(await warmupModel(), { executionProviders: ['wasm'] })).release();
    // Session creation here includes reading the files: the wasm backend takes external data as bytes (or paths,
    // which it reads whole into memory the same way).
    t0 = performance.now();
    session = (await ort.InferenceSession.create(join(job.dir, job.model), {
      executionProviders: ['wasm'],
      externalData: job.externalData.map((f) => ({ path: f, data: join(job.dir, f) })),
    })) as unknown as typeof session;
    // ORT falls back to 1 thread (with a console warning) where wasm threads are unavailable.
    emit({ type: 'create', ms: performance.now() - t0, threads: ort.env.wasm.numThreads ?? 1 });
  }
  await timeRuns(session, feeds, job.runs, t0 + job.budgetMs, emit);
  await session.release();
}

main(JSON.parse(process.argv[2]!) as NodeJob)
  .catch((e: unknown) => emit({ type: 'error', message: e instanceof Error ? e.message : String(e) }))
  .finally(() => process.disconnect?.());
