// Test helper: run an in-memory model on onnxruntime-node with a golden case's inputs.
import * as ort from 'onnxruntime-node';
import { type GraphCase, goldenInputs } from './golden-cases.ts';

/** Raw golden tensors ({dtype, data, shape}) as onnxruntime-node feeds. */
export function toNodeFeeds(
  raw: Readonly<Record<string, { dtype: 'float32' | 'int64'; data: Float32Array | BigInt64Array; shape: number[] }>>,
): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(raw)) feeds[name] = new ort.Tensor(t.dtype, t.data, t.shape);
  return feeds;
}

export function nodeFeeds(c: GraphCase): Record<string, ort.Tensor> {
  return toNodeFeeds(goldenInputs(c));
}

export async function runNode(model: Uint8Array, c: GraphCase): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(model);
  try {
    return await session.run(nodeFeeds(c));
  } finally {
    await session.release();
  }
}
