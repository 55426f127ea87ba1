// Test helper: run a model on onnxruntime-web's wasm backend inside Node (single-threaded, no proxy).
import type * as ortNode from 'onnxruntime-node';

type OrtWeb = typeof import('onnxruntime-web');
let ortWeb: Promise<OrtWeb> | undefined;

async function load(): Promise<OrtWeb> {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  return ort;
}

export async function runWasm(
  model: Uint8Array,
  feeds: Record<string, ortNode.Tensor>,
): Promise<Record<string, { dims: readonly number[]; data: unknown }>> {
  const ort = await (ortWeb ??= load());
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const webFeeds: Record<string, InstanceType<OrtWeb['Tensor']>> = {};
  for (const [k, t] of Object.entries(feeds)) {
    webFeeds[k] = new ort.Tensor(t.type as 'float32', t.data as Float32Array, t.dims);
  }
  const out = await session.run(webFeeds);
  const result: Record<string, { dims: readonly number[]; data: unknown }> = {};
  for (const [k, t] of Object.entries(out)) result[k] = { dims: t.dims, data: t.data };
  await session.release();
  return result;
}
