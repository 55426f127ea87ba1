// The model store in real Chromium (persistent profile, real IndexedDB and quota) against the fault-injecting test
// server: the demo bundle re-chunked at 64 KiB (≈ 50 chunks) installs, survives reloads without a byte fetched
// again, resumes after 20 cuts, refetches a corrupt chunk, fails clearly on 404/500/quota leaving only verified
// chunks, and frees its storage when deleted.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { chunkSpans, MAX_CHUNK_BYTES, parseManifest, type BundleManifest } from '../src/store/bundle/manifest.ts';
import type { InstallReport, StoreHarness } from './harness/store.ts';
import { HARNESS_URL } from './harness-port.ts';
import { expect, test } from './fixtures.ts';
import { type Fault, startStaticServer, type StaticServer } from './support/static-server.ts';
import { mulberry32 } from '../src/pipeline/random.ts';

const TINY = path.join(import.meta.dirname, '..', 'public', 'models', 'tiny');
const CHUNK = 64 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let dir: string;
let server: StaticServer;
let manifest: BundleManifest;
const bundleUrl = () => `${server.url}/bundle/`;

/** The demo bundle's manifest with every file cut into 64 KiB chunks (same files, so the same bytes on the wire). */
async function rechunk(chunkBytes: number): Promise<BundleManifest> {
  const tiny = parseManifest(await readFile(path.join(TINY, 'manifest.json'), 'utf8'));
  const files = await Promise.all(
    tiny.files.map(async (f) => {
      const bytes = await readFile(path.join(TINY, f.path));
      const chunks = chunkSpans(f.bytes, chunkBytes).map((s) => ({ ...s, sha256: sha(bytes.subarray(s.offset, s.offset + s.bytes)) }));
      return { ...f, chunks };
    }),
  );
  return parseManifest(JSON.stringify({ ...tiny, id: 'tiny-64k', chunkBytes, files }));
}

/** A manifest claiming one file larger than the browser's whole quota (its chunks are never fetched). */
function huge(quota: number): BundleManifest {
  const bytes = Math.ceil((quota + 2 ** 30) / MAX_CHUNK_BYTES) * MAX_CHUNK_BYTES;
  const chunks = chunkSpans(bytes, MAX_CHUNK_BYTES).map((s) => ({ ...s, sha256: '0'.repeat(64) }));
  const file = { path: 'unet.onnx', bytes, sha256: '0'.repeat(64), chunks };
  return { ...manifest, id: 'huge', name: 'Huge', graphs: {}, chunkBytes: MAX_CHUNK_BYTES, totalBytes: bytes, files: [file] };
}

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'localmotion-store-'));
  manifest = await rechunk(CHUNK);
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  server = await startStaticServer({ mounts: { '/bundle/': dir } });
  // The bundle's files are the demo bundle's own; only manifest.json differs.
  for (const f of manifest.files) await writeFile(path.join(dir, f.path), await readFile(path.join(TINY, f.path)));
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
  await page.goto(`${HARNESS_URL}/store.html`);
  await page.waitForFunction(() => 'store' in window);
  // Vite's dev server reloads a page once when it first meets a dependency to pre-bundle (idb-keyval); let that
  // happen before driving the page.
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => 'store' in window);
}

/** Calls window.store[name](...args) in the page. */
function call<K extends keyof StoreHarness>(page: Page, name: K, ...args: Parameters<StoreHarness[K]>): Promise<Awaited<ReturnType<StoreHarness[K]>>> {
  return page.evaluate(
    ([n, a]) => (window as unknown as { store: Record<string, (...x: unknown[]) => unknown> }).store[n]!(...a),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<StoreHarness[K]>>>;
}

const chunkRequests = () => server.requests.filter((r) => !r.path.endsWith('/manifest.json'));
const bytesSent = (records = chunkRequests()) => records.reduce((s, r) => s + r.bytes, 0);
const allChunks = () => manifest.files.flatMap((f) => f.chunks.map((_, i) => `${f.path}#${i}`));
const expectAllVerified = async (page: Page) => {
  const checks = await call(page, 'verify', manifest.id);
  expect(checks.length).toBe(allChunks().length);
  expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
};
/** Only verified chunks stay behind: the keys in IndexedDB are exactly the record's verified chunks. */
const expectOnlyVerifiedChunks = async (page: Page) => {
  const [model] = await call(page, 'models');
  expect(model!.state).toBe('downloading');
  expect(await call(page, 'chunkKeys')).toEqual(model!.verifiedChunks.map((n) => `${manifest.id}/${n}`).sort());
  const checks = await call(page, 'verify', manifest.id);
  expect(checks.filter((c) => c.status === 'corrupt')).toEqual([]);
  return model!;
};

test('installs, reads back, and after a reload is still installed with no byte fetched again', async ({ page }) => {
  expect(manifest.files.reduce((n, f) => n + f.chunks.length, 0)).toBeGreaterThan(40);
  await open(page);
  const report = await call(page, 'install', bundleUrl());
  expect(report.error).toBeUndefined();
  expect(report.result).toMatchObject({ state: 'installed', receivedBytes: manifest.totalBytes, storedChunks: allChunks().length });
  expect(bytesSent()).toBe(manifest.totalBytes);
  const last = report.progress.at(-1)!;
  expect(last).toMatchObject({ stage: 'download', unit: 'bytes', done: manifest.totalBytes, total: manifest.totalBytes, etaSeconds: 0 });
  expect(report.progress.map((p) => p.done)).toEqual([...report.progress.map((p) => p.done)].sort((a, b) => a - b));
  expect(report.progress.filter((p) => p.done === p.total)).toHaveLength(1);
  const measured = report.progress.find((p) => p.bytesPerSecond !== undefined && p.done < p.total);
  expect(measured?.etaSeconds).toBeGreaterThan(0);
  console.log(
    `install: ${manifest.totalBytes} bytes, ${allChunks().length} chunks, ${server.requests.length} requests, ` +
      `${report.ms.toFixed(0)} ms, ${report.progress.length} progress events (e.g. ${(measured!.bytesPerSecond! / 1e6).toFixed(1)} MB/s, ` +
      `ETA ${measured!.etaSeconds!.toFixed(2)} s at ${measured!.done} bytes), persisted ${report.result!.persisted}`,
  );
  await expectAllVerified(page);
  for (const f of manifest.files) expect(await call(page, 'fileSha256', manifest.id, f.path)).toEqual({ bytes: f.bytes, sha256: f.sha256 });
  const config = await readFile(path.join(TINY, 'scheduler_config.json'), 'utf8');
  expect(await call(page, 'readText', manifest.id, 'scheduler_config.json')).toBe(config);

  const before = server.requests.length;
  await page.reload();
  await page.waitForFunction(() => 'store' in window);
  expect(await call(page, 'models')).toEqual([expect.objectContaining({ id: manifest.id, state: 'installed', bytes: manifest.totalBytes })]);
  expect(server.requests.length - before).toBe(0);
  const again = await call(page, 'install', bundleUrl());
  expect(again.result).toMatchObject({ state: 'installed', receivedBytes: 0, storedChunks: 0, requests: 1 });
  expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/bundle/manifest.json']);
});

test('a download cut at 20 seeded offsets, across reloads, completes and every stored chunk verifies', async ({ page }) => {
  const random = mulberry32(20261125);
  const offsets = new Set<number>();
  while (offsets.size < 20) offsets.add(Math.floor(random() * manifest.totalBytes));
  const faults: Fault[] = [...offsets].map((at) => ({ ...fileOffset(at), times: 1 }));
  server.setFaults(faults);
  await open(page);
  // The first 12 cuts end the install (no retries) and the page reloads; the last 8 are resumed within one call.
  let failures = 0;
  for (let i = 0; i < 12; i++) {
    const r = await call(page, 'install', bundleUrl(), { retries: 0 });
    expect(r.error, `install ${i}`).toMatchObject({ code: 'network' });
    failures++;
    await page.reload();
    await page.waitForFunction(() => 'store' in window);
    await expectOnlyVerifiedChunks(page);
  }
  const last = await call(page, 'install', bundleUrl(), { retries: 3, backoffMs: 20 });
  expect(last.error).toBeUndefined();
  expect(last.result!.state).toBe('installed');
  expect(last.retried.map((e) => e.code)).toEqual(Array(8).fill('network'));
  expect(server.faults).toEqual([]);
  expect(server.requests.filter((r) => r.faults.includes('cut'))).toHaveLength(20);
  await expectAllVerified(page);
  for (const f of manifest.files) expect(await call(page, 'fileSha256', manifest.id, f.path)).toEqual({ bytes: f.bytes, sha256: f.sha256 });
  const sent = bytesSent();
  const midChunk = chunkRequests().filter((r) => r.range !== undefined && Number(/^bytes=(\d+)/.exec(r.range)![1]) % CHUNK !== 0);
  console.log(
    `20 cuts: ${failures} failed installs + reloads, ${last.retried.length} in-page retries (${midChunk.length} resumed mid-chunk), ` +
      `${chunkRequests().length} chunk requests, ${sent} bytes sent for ${manifest.totalBytes} (${sent - manifest.totalBytes} refetched)`,
  );
  // Each cut costs at most the part of its chunk already received: a reload forgets a partial chunk, and Chromium
  // drops body bytes it buffered but had not handed to the reader when the connection fails.
  expect(midChunk.length).toBeGreaterThan(0);
  expect(sent - manifest.totalBytes).toBeLessThanOrEqual(20 * CHUNK);
});

test('a flipped byte is an integrity error naming file and chunk; that chunk is fetched again and the model installs', async ({ page }) => {
  const unet = manifest.files.find((f) => f.path === 'unet.onnx')!;
  const at = 7 * CHUNK + 12_345;
  server.setFaults([{ path: '/bundle/unet.onnx', flipAt: at, times: 1 }]);
  await open(page);
  const report = await call(page, 'install', bundleUrl());
  expect(report.result?.state).toBe('installed');
  expect(report.retried).toHaveLength(1);
  const e = report.retried[0]!;
  expect(e.code).toBe('integrity');
  expect(e.detail).toMatchObject({ file: 'unet.onnx', chunk: 7, expected: unet.chunks[7]!.sha256 });
  expect(e.detail.actual).not.toBe(unet.chunks[7]!.sha256);
  expect(e.message).toContain(`unet.onnx chunk 7 (bytes ${7 * CHUNK}–${8 * CHUNK - 1}) is corrupt`);
  const range = `bytes=${7 * CHUNK}-${8 * CHUNK - 1}`;
  expect(server.requests.filter((r) => r.range === range).map((r) => r.faults)).toEqual([['flip'], []]);
  expect(bytesSent()).toBe(manifest.totalBytes + CHUNK);
  console.log(`flipped byte at unet.onnx:${at}: ${e.message}; refetched ${CHUNK} bytes`);
  await expectAllVerified(page);
});

test.describe('failures leave nothing installed and only verified chunks behind', () => {
  test('404 for a file: a clear http error, then a resume fetches only what is missing', async ({ page }) => {
    server.setFaults([{ path: '/bundle/vae_decoder.onnx', status: 404 }]);
    await open(page);
    const r = await call(page, 'install', bundleUrl());
    expect(r.error).toMatchObject({ code: 'http', detail: { status: 404, file: 'vae_decoder.onnx' } });
    expect(r.error!.message).toBe(`the server answered 404 for ${server.url}/bundle/vae_decoder.onnx`);
    const model = await expectOnlyVerifiedChunks(page);
    expect(await call(page, 'readError', manifest.id, 'text_encoder.onnx')).toMatchObject({ code: 'missing' });
    const stored = model.verifiedChunks.length;
    server.setFaults([]);
    const before = server.requests.length;
    const resumed = await call(page, 'install', bundleUrl());
    expect(resumed.result).toMatchObject({ state: 'installed', storedChunks: allChunks().length - stored });
    expect(bytesSent(server.requests.slice(before + 1))).toBe(manifest.totalBytes - model.bytes);
    console.log(`404: ${r.error!.message}; kept ${stored} verified chunks (${model.bytes} bytes), resumed the other ${allChunks().length - stored}`);
  });

  test('500 for a file: retried with backoff, then a clear http error', async ({ page }) => {
    server.setFaults([{ path: '/bundle/unet.onnx', status: 500 }]);
    await open(page);
    const r = await call(page, 'install', bundleUrl(), { retries: 2, backoffMs: 20 });
    expect(r.error).toMatchObject({ code: 'http', detail: { status: 500, file: 'unet.onnx' } });
    expect(r.error!.message).toBe(`the server answered 500 for ${server.url}/bundle/unet.onnx (gave up after 2 retries)`);
    expect(r.retried.map((e) => e.detail.status)).toEqual([500, 500]);
    expect(server.requests.filter((q) => q.path === '/bundle/unet.onnx')).toHaveLength(3);
    await expectOnlyVerifiedChunks(page);
  });

  test('404 for the manifest, and a manifest larger than the quota: clear errors, nothing stored, no chunk fetched', async ({ page }) => {
    await open(page);
    const missing = await call(page, 'install', `${server.url}/nowhere/`);
    expect(missing.error).toMatchObject({ code: 'http', message: `the server answered 404 for ${server.url}/nowhere/manifest.json` });
    const { quota } = await call(page, 'estimate');
    const big = huge(quota);
    // A second server, so its request log shows what the browser asked for.
    const hugeDir = await mkdtemp(path.join(os.tmpdir(), 'localmotion-huge-'));
    await writeFile(path.join(hugeDir, 'manifest.json'), JSON.stringify(big));
    const hugeServer = await startStaticServer({ mounts: { '/huge/': hugeDir } });
    try {
      const r = await call(page, 'install', `${hugeServer.url}/huge/`);
      expect(r.error).toMatchObject({ code: 'quota', detail: { expected: big.totalBytes } });
      expect(r.error!.message).toMatch(/^not enough storage for Huge \(huge\): it needs [\d.]+ GB more, but only [\d.]+ (GB|MB) is free$/);
      expect(hugeServer.requests.map((q) => q.path)).toEqual(['/huge/manifest.json']);
      console.log(`quota ${quota} bytes: ${r.error!.message}`);
    } finally {
      await hugeServer.close();
      await rm(hugeDir, { recursive: true, force: true });
    }
    expect(await call(page, 'models')).toEqual([]);
    expect(await call(page, 'chunkKeys')).toEqual([]);
  });
});

test('delete frees the storage and leaves no keys', async ({ page }) => {
  await open(page);
  const empty = await call(page, 'estimate');
  expect((await call(page, 'install', bundleUrl())).result?.state).toBe('installed');
  expect(await call(page, 'storageUsed', manifest.id)).toBe(manifest.totalBytes);
  const installed = await call(page, 'estimate');
  expect(installed.usage - empty.usage).toBeGreaterThanOrEqual(manifest.totalBytes);
  await call(page, 'deleteModel', manifest.id);
  expect(await call(page, 'models')).toEqual([]);
  expect(await call(page, 'chunkKeys')).toEqual([]);
  expect(await call(page, 'storageUsed', manifest.id)).toBe(0);
  // Chromium deletes a deleted Blob's file and updates the estimate shortly after the transaction commits; the
  // database's own log keeps a few percent (the delete's tombstones) until it compacts.
  const freedEnough = () => installed.usage - deleted.usage >= 0.95 * manifest.totalBytes;
  const start = Date.now();
  let deleted = await call(page, 'estimate');
  while (!freedEnough() && Date.now() - start < 15_000) {
    await page.waitForTimeout(250);
    deleted = await call(page, 'estimate');
  }
  console.log(
    `estimate usage: empty ${empty.usage}, installed ${installed.usage}, deleted ${deleted.usage} after ${Date.now() - start} ms ` +
      `(bundle ${manifest.totalBytes})`,
  );
  expect(freedEnough()).toBe(true);
});

/** A bundle offset (files in manifest order) as a cut fault at that file offset. */
function fileOffset(at: number): Fault {
  let start = 0;
  for (const f of manifest.files) {
    if (at < start + f.bytes) return { path: `/bundle/${f.path}`, cutAt: at - start };
    start += f.bytes;
  }
  throw new Error(`offset ${at} is past the bundle`);
}
