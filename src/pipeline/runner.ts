// ModelRunner: the one seam between the pipeline and an ONNX runtime (onnxruntime-node in the CLI and tests,
// onnxruntime-web in the worker). Graph names and I/O are the bundle's contract (README "Model bundles").
import type { GraphName } from '../graph/components.ts';

export interface TensorData {
  readonly data: Float32Array | BigInt64Array;
  readonly dims: readonly number[];
}

export interface ModelRunner {
  run(graph: GraphName, feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>>;
}

export function float32(data: Float32Array, dims: readonly number[]): TensorData {
  return { data, dims };
}

/** The float32 output `name` of a run, or an error naming the graph. */
export function output(result: Record<string, TensorData>, graph: string, name: string): Float32Array {
  const t = result[name];
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`${graph} returned no float32 output ${name}`);
  return t.data;
}
