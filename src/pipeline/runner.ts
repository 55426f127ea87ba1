// ModelRunner: the one seam between the pipeline and an ONNX runtime (onnxruntime-node in the CLI and tests,
// onnxruntime-web in the worker). Graph names and I/O are the bundle's contract (README "Model bundles"), plus the
// weightless scheduler-step graph every runner builds for itself.
import type { GraphName } from '../graph/components.ts';
import type { SCHEDULER_STEP_GRAPH } from '../graph/models/scheduler-step.ts';

export type RunnerGraph = GraphName | typeof SCHEDULER_STEP_GRAPH;

/** A tensor in JS memory. */
export interface TensorData {
  readonly data: Float32Array | BigInt64Array;
  readonly dims: readonly number[];
}

/** A float32 tensor that stays where the runtime computed it (a GPU buffer): feed it back, read it, or dispose it. */
export interface ResidentTensor {
  readonly dims: readonly number[];
  readonly resident: true;
  read(): Promise<Float32Array>;
  dispose(): void;
}

export type RunnerValue = TensorData | ResidentTensor;

export interface ModelRunner {
  /** Outputs a runner keeps on its device come back as ResidentTensors (which ones is the runner's choice). */
  run(graph: RunnerGraph, feeds: Readonly<Record<string, RunnerValue>>): Promise<Record<string, RunnerValue>>;
}

export function float32(data: Float32Array, dims: readonly number[]): TensorData {
  return { data, dims };
}

export function isResident(v: RunnerValue): v is ResidentTensor {
  return 'resident' in v;
}

/** The float32 output `name` of a run, in JS memory, or an error naming the graph. */
export function output(result: Record<string, RunnerValue>, graph: string, name: string): Float32Array {
  const t = result[name];
  if (!t) throw new Error(`${graph} returned no output ${name}`);
  if (isResident(t)) throw new Error(`${graph} kept ${name} on its device; read it with readValue()`);
  if (!(t.data instanceof Float32Array)) throw new Error(`${graph} returned no float32 output ${name}`);
  return t.data;
}

/** The output `name`, wherever it lives. */
export function value(result: Record<string, RunnerValue>, graph: string, name: string): RunnerValue {
  const t = result[name];
  if (!t) throw new Error(`${graph} returned no output ${name}`);
  return t;
}

/** A value's float32 data in JS memory (one download for a resident tensor). */
export async function readValue(v: RunnerValue): Promise<Float32Array> {
  if (isResident(v)) return v.read();
  if (!(v.data instanceof Float32Array)) throw new Error('expected a float32 tensor');
  return v.data;
}

/** Frees a resident tensor's device memory; a no-op for JS tensors. */
export function disposeValue(v: RunnerValue | undefined): void {
  if (v && isResident(v)) v.dispose();
}
