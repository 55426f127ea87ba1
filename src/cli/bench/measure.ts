// What one benchmark case measures, streamed as events (so a case killed for its time budget keeps what it had),
// and the timing loop shared by the Node runtimes. The WebGPU page (webgpu-page.ts) runs the same loop in the browser.

/** Events a measuring process sends, in order: create, first, run × N, then done or error. */
export type MeasureEvent =
  | { type: 'create'; ms: number; threads?: number }
  | { type: 'first'; ms: number; outputMeanAbs: number }
  | { type: 'run'; ms: number }
  | { type: 'done'; stoppedForBudget: boolean }
  | { type: 'error'; message: string };

export interface Measurement {
  createMs?: number;
  /** Threads the runtime reports using, where it says (onnxruntime-web's env.wasm.numThreads). */
  threads?: number;
  firstMs?: number;
  runsMs: number[];
  /** mean |first output| of the first run: runtimes given the same file and inputs should agree. */
  outputMeanAbs?: number;
  /** Timed runs were cut short, or (no `done`) the case was killed, when it ran out of its time budget. */
  stoppedForBudget?: boolean;
  finished?: boolean;
  error?: string;
}

export function applyEvent(m: Measurement, e: MeasureEvent): void {
  if (e.type === 'create') [m.createMs, m.threads] = [e.ms, e.threads];
  else if (e.type === 'first') [m.firstMs, m.outputMeanAbs] = [e.ms, e.outputMeanAbs];
  else if (e.type === 'run') m.runsMs.push(e.ms);
  else if (e.type === 'done') [m.finished, m.stoppedForBudget] = [true, e.stoppedForBudget];
  else m.error = e.message;
}

/** The slice of an ORT session the loop needs (onnxruntime-node and onnxruntime-web both fit). */
export interface TimedSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { getData(): Promise<unknown> }>>;
  readonly outputNames: readonly string[];
}

/**
 * First run, then up to `runs` timed runs; each run counts until its (first) output's data has been read. Stops early when
 * the next run would likely end past `deadline` (a performance.now() value).
 */
export async function timeRuns(
  session: TimedSession,
  feeds: Record<string, unknown>,
  runs: number,
  deadline: number,
  emit: (e: MeasureEvent) => void,
): Promise<void> {
  const once = async (): Promise<{ ms: number; data: Float32Array }> => {
    const t0 = performance.now();
    const out = await session.run(feeds);
    const data = (await out[session.outputNames[0]!]!.getData()) as Float32Array;
    return { ms: performance.now() - t0, data };
  };
  const first = await once();
  emit({ type: 'first', ms: first.ms, outputMeanAbs: first.data.reduce((s, v) => s + Math.abs(v), 0) / first.data.length });
  let last = first.ms;
  for (let i = 0; i < runs; i++) {
    if (performance.now() + last > deadline) return emit({ type: 'done', stoppedForBudget: true });
    last = (await once()).ms;
    emit({ type: 'run', ms: last });
  }
  emit({ type: 'done', stoppedForBudget: false });
}
