// onnxruntime-web's native WebGPU EP runs in a cross-origin isolated page served by the test static server.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addModel } from './support/add-model.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { expect, test } from './fixtures.ts';

// ort.webgpu.min.mjs finds ort-wasm-simd-threaded.asyncify.{mjs,wasm} next to itself, so serving the package's
// dist/ folder under one prefix is all it needs.
const ortDist = path.join(import.meta.dirname, '..', 'node_modules', 'onnxruntime-web', 'dist');
const html = `<!doctype html>
<script type="module">
  import * as ort from '/ort/ort.webgpu.min.mjs';
  window.runAdd = async () => {
    ort.env.wasm.numThreads = 2; // threads only with COOP/COEP, and only when asked for
    const session = await ort.InferenceSession.create('/models/add.onnx', {
      executionProviders: ['webgpu'],
      preferredOutputLocation: 'gpu-buffer',
    });
    const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [4]);
    const { y } = await session.run({ x });
    const result = { location: y.location, data: Array.from(await y.getData()), isolated: crossOriginIsolated };
    await session.release();
    return result;
  };
</script>`;

let models: string;
let server: StaticServer;

test.beforeAll(async () => {
  models = await mkdtemp(path.join(os.tmpdir(), 'localmotion-models-'));
  await writeFile(path.join(models, 'add.onnx'), addModel());
  server = await startStaticServer({
    mounts: { '/ort/': ortDist, '/models/': models },
    pages: { '/': html },
  });
});
test.afterAll(async () => {
  await server.close();
  await rm(models, { recursive: true, force: true });
});

test('runs a graph on the WebGPU EP and keeps its output on the GPU', async ({ page }) => {
  await page.goto(server.url);
  const result = await page.evaluate(() => (window as unknown as { runAdd(): Promise<unknown> }).runAdd());
  expect(result).toEqual({ location: 'gpu-buffer', data: [2, 4, 6, 8], isolated: true });
  const wasm = { path: '/ort/ort-wasm-simd-threaded.asyncify.wasm', status: 200 };
  expect(server.requests).toContainEqual(expect.objectContaining(wasm));
});
