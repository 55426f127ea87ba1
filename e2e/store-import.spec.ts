// Importing the official checkpoint, in real Chromium: the tiny diffusers fixture is served in the Hugging Face URL
// layout from another origin (the test server: CORS/CORP, Range, no fp16 variant files), the store worker builds
// and stores the bundle, and what it stored is byte for byte what `npm run convert` writes; after a reload the model
// is still installed and nothing is fetched again. A URL that is not a checkpoint fails clearly, storing nothing; a
// cancelled import leaves nothing; the same worker downloads, lists, measures and deletes prebuilt bundles.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { folderReader, folderWriter } from '../src/cli/folder-io.ts';
import { convertCheckpoint } from '../src/store/bundle/convert.ts';
import type { BundleManifest } from '../src/store/bundle/manifest.ts';
import { FIXTURE_DIR } from '../src/testing/fixtures.ts';
import type { ImportHarness } from './harness/import.ts';
import { HARNESS_URL } from './harness-port.ts';
import { expect, test } from './fixtures.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const REPO = '/ali-vilab/i2vgen-xl/resolve/main/';
const CHUNK = 64 * 1024;
const DEMO_BUNDLE = path.join(import.meta.dirname, '..', 'public', 'models', 'tiny');

let dir: string;
let server: StaticServer;
let reference: BundleManifest;
const checkpointUrl = () => `${server.url}${REPO}`;

test.beforeAll(async () => {
  // What `npm run convert -- --from <fixture> --precision q4f32` writes.
  dir = await mkdtemp(path.join(os.tmpdir(), 'localmotion-import-'));
  reference = await convertCheckpoint(folderReader(FIXTURE_DIR), folderWriter(dir), { precision: 'q4f32', id: 'i2vgen-xl-q4f32' });
  server = await startStaticServer({ mounts: { [REPO]: FIXTURE_DIR, '/bundle/': DEMO_BUNDLE } });
});
test.afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});
test.beforeEach(() => {
  server.setFaults([]);
  server.requests.length = 0;
});

async function open(page: Page): Promise<void> {
  await page.goto(`${HARNESS_URL}/import.html`);
  // Vite's dev server may reload a page once when it first meets a dependency to pre-bundle.
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => 'importHarness' in window);
}

function call<K extends keyof ImportHarness>(page: Page, name: K, ...args: Parameters<ImportHarness[K]>): Promise<Awaited<ReturnType<ImportHarness[K]>>> {
  return page.evaluate(
    ([n, a]) => (window as unknown as { importHarness: Record<string, (...x: unknown[]) => unknown> }).importHarness[n]!(...a),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<ImportHarness[K]>>>;
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

/**
 * Samples the store worker's JS memory (V8 heap + ArrayBuffer backing stores) over the DevTools protocol every
 * ~50 ms. performance.measureUserAgentSpecificMemory() would include the worker, but Chromium answers it only after
 * a randomised delay of seconds (14 s here): longer than the whole import.
 */
async function sampleWorkerMemory(page: Page): Promise<{ stop(): Promise<{ peak: number; samples: number }> }> {
  const cdp = await page.context().newCDPSession(page);
  const workers: string[] = [];
  type HeapUsage = { id: number; result?: { usedSize: number; backingStorageSize?: number } };
  const pending = new Map<number, (m: HeapUsage) => void>();
  cdp.on('Target.attachedToTarget', (e) => e.targetInfo.type === 'worker' && workers.push(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as HeapUsage;
    pending.get(m.id)?.(m);
  });
  // Non-flat sessions: Playwright's CDPSession cannot address a flat child session.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  let id = 0;
  const heap = (sessionId: string) =>
    new Promise<number>((resolve) => {
      const n = ++id;
      pending.set(n, (m) => resolve((m.result?.usedSize ?? 0) + (m.result?.backingStorageSize ?? 0)));
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method: 'Runtime.getHeapUsage' }) });
    });
  let peak = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const sessionId = workers[0];
      if (sessionId !== undefined) {
        peak = Math.max(peak, await heap(sessionId));
        samples++;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await cdp.detach();
      return { peak, samples };
    },
  };
}

test('imports the checkpoint from another origin: installed, the files `npm run convert` writes, still installed after a reload with no byte fetched again', async ({ page }) => {
  await open(page);
  const memory = await sampleWorkerMemory(page);
  const report = await call(page, 'import', { jobId: 'import-1', checkpointUrl: checkpointUrl(), precision: 'q4f32', chunkBytes: CHUNK });
  const { peak, samples } = await memory.stop();
  expect(report.error).toBeUndefined();
  const summary = report.value!;
  expect(summary.model).toMatchObject({ id: 'i2vgen-xl-q4f32', state: 'installed', precision: 'q4f32', totalBytes: reference.totalBytes });
  expect(summary.storedChunks).toBeGreaterThan(reference.files.length); // the UNet graph spans several 64 KiB chunks

  // Read back from IndexedDB and hashed in the page: the same bytes as the Node conversion, file by file.
  const stored = await call(page, 'storedFiles', 'i2vgen-xl-q4f32');
  expect(stored).toEqual(Object.fromEntries(reference.files.map((f) => [f.path, [f.bytes, f.sha256]])));

  // Weights: the fp16 variant asked for first (HEAD, 404), then the full file's size (HEAD) and its bytes by Range.
  const weights = server.requests.filter((r) => r.path.endsWith('.safetensors'));
  expect(weights.filter((r) => r.status === 404).map((r) => path.basename(r.path)).sort()).toEqual([
    'diffusion_pytorch_model.fp16.safetensors',
    'diffusion_pytorch_model.fp16.safetensors',
    'model.fp16.safetensors',
    'model.fp16.safetensors',
  ]);
  expect(weights.filter((r) => r.method === 'GET').every((r) => r.status === 206 && r.range !== undefined)).toBe(true);
  const sent = server.requests.filter((r) => r.method === 'GET' && r.status < 400).reduce((s, r) => s + r.bytes, 0);
  expect(summary.receivedBytes).toBe(sent);
  const last = report.progress.at(-1)!;
  expect(last).toMatchObject({ stage: 'import', done: summary.checkpointBytes, total: summary.checkpointBytes, unit: 'bytes' });
  console.log(
    `import: ${summary.ms.toFixed(0)} ms, ${server.requests.length} requests, ${sent} bytes received (weights ${summary.checkpointBytes}), ` +
      `bundle ${summary.model.totalBytes} bytes in ${summary.storedChunks} chunks, ${report.progress.length} progress events; ` +
      `store worker JS memory peak ${mib(peak)} (heap + ArrayBuffers, ${samples} samples)`,
  );

  await page.reload();
  await open(page);
  server.requests.length = 0;
  expect((await call(page, 'models')).map((m) => [m.id, m.state])).toEqual([['i2vgen-xl-q4f32', 'installed']]);
  const again = await call(page, 'import', { jobId: 'import-2', checkpointUrl: checkpointUrl(), precision: 'q4f32' });
  expect(again.value).toMatchObject({ alreadyInstalled: true, requests: 0, receivedBytes: 0 });
  expect(await call(page, 'storedFiles', 'i2vgen-xl-q4f32')).toEqual(stored);
  expect(server.requests).toEqual([]);
});

test('a URL that is not a diffusers checkpoint fails with a clear message and installs nothing', async ({ page }) => {
  await open(page);
  const report = await call(page, 'import', { jobId: 'nothing', checkpointUrl: `${server.url}/not/a/checkpoint/` });
  expect(report.ok).toBe(false);
  expect(report.error).toMatchObject({ name: 'StoreError', code: 'http', detail: { status: 404, file: 'text_encoder/config.json' } });
  expect(report.error!.message).toMatch(/is not a diffusers checkpoint/);
  expect(await call(page, 'models')).toEqual([]);
  expect(await call(page, 'chunkKeys')).toEqual([]);
  expect(await call(page, 'sourceError', 'i2vgen-xl-q4f32')).toMatchObject({ code: 'missing' });
  expect(server.requests.some((r) => r.path.endsWith('.safetensors'))).toBe(false);
});

test('an import in progress shows as not installed; cancel stops it with `cancelled` and removes every chunk it stored', async ({ page }) => {
  await open(page);
  // The tokenizer files are fetched after the graphs are stored: slowed down, they hold the import open for cancel.
  server.setFaults([{ path: `${REPO}tokenizer/vocab.json`, bytesPerSecond: 2000 }]);
  const report = await call(page, 'import', { jobId: 'cancel-me', checkpointUrl: checkpointUrl(), chunkBytes: 4096 }, true);
  expect(report.statesSeen).toEqual(['downloading']);
  expect(report.error).toMatchObject({ code: 'cancelled' });
  expect(await call(page, 'models')).toEqual([]);
  expect(await call(page, 'chunkKeys')).toEqual([]);
});

test('the store worker also downloads a prebuilt bundle, lists both kinds, measures and deletes them', async ({ page }) => {
  await open(page);
  const imported = await call(page, 'import', { jobId: 'i', checkpointUrl: checkpointUrl() });
  expect(imported.error).toBeUndefined();
  const installed = await call(page, 'install', { jobId: 'd', bundleUrl: `${server.url}/bundle/` });
  expect(installed.error).toBeUndefined();
  expect(installed.value!.model).toMatchObject({ id: 'i2vgen-xl-tiny-demo', state: 'installed', source: `${server.url}/bundle/` });
  expect(installed.progress.at(-1)).toMatchObject({ stage: 'download', done: installed.value!.model.totalBytes, unit: 'bytes' });
  expect((await call(page, 'models')).map((m) => [m.id, m.state])).toEqual([
    ['i2vgen-xl-q4f32', 'installed'],
    ['i2vgen-xl-tiny-demo', 'installed'],
  ]);
  expect(await call(page, 'storageUsed', 'i2vgen-xl-q4f32')).toBe(imported.value!.model.totalBytes);
  const before = await call(page, 'estimate');
  expect(before.quota).toBeGreaterThan(0);
  await call(page, 'deleteModel', 'i2vgen-xl-q4f32');
  await call(page, 'deleteModel', 'i2vgen-xl-tiny-demo');
  expect(await call(page, 'models')).toEqual([]);
  expect(await call(page, 'chunkKeys')).toEqual([]);
});
