// importCheckpoint in Node against the tiny diffusers fixture served in the Hugging Face URL layout (HEAD, Range,
// 404 for the absent fp16 variants) into an in-memory store: the stored files equal what `npm run convert` writes,
// the model flips to installed in one last write, and failures (not a checkpoint, another model, a dropped
// connection, cancel) are clear StoreErrors that leave nothing behind.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderReader, folderWriter } from '../../cli/folder-io.ts';
import { FIXTURE_DIR } from '../../testing/fixtures.ts';
import { convertCheckpoint } from '../bundle/convert.ts';
import type { BundleManifest } from '../bundle/manifest.ts';
import { readStoredFile } from '../idb/model-store.ts';
import { StoreError } from '../store-error.ts';
import { importCheckpoint, type ImportOptions } from './import-checkpoint.ts';
import type { ImportProgress } from './progress.ts';
import { CHECKPOINT_URL, folderFetch, memoryStorage, roomyStorage } from './test-support.ts';

const temp = mkdtempSync(join(tmpdir(), 'localmotion-import-'));
let reference: BundleManifest;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  reference = await convertCheckpoint(folderReader(FIXTURE_DIR), folderWriter(join(temp, 'reference')), { precision: 'q4f32', id: 'i2vgen-xl-q4f32' });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const options = (served: ReturnType<typeof folderFetch>, more: ImportOptions = {}): ImportOptions => ({
  fetch: served.fetch,
  storageAccess: roomyStorage,
  backoffMs: 1,
  ...more,
});

/** A copy of the fixture with `edit` applied (golden/ left out). */
function variant(name: string, edit: (dir: string) => void): string {
  const dir = join(temp, name);
  cpSync(FIXTURE_DIR, dir, { recursive: true, filter: (src) => !src.includes('golden') });
  edit(dir);
  return dir;
}

describe('importCheckpoint', () => {
  it('stores the same files `npm run convert` writes, in chunks, and flips to installed in one last write', async () => {
    const served = folderFetch(FIXTURE_DIR);
    const storage = memoryStorage();
    const progress: ImportProgress[] = [];
    const result = await importCheckpoint(CHECKPOINT_URL, options(served, { storage, chunkBytes: 64 * 1024, onProgress: (p) => progress.push(p), progressIntervalMs: 0 }));

    expect(result.record.state).toBe('installed');
    const m = result.record.manifest;
    expect(m.files.map((f) => [f.path, f.bytes, f.sha256])).toEqual(reference.files.map((f) => [f.path, f.bytes, f.sha256]));
    expect(m.graphs).toEqual(reference.graphs);
    expect(m.configs).toEqual(reference.configs);
    expect(m.chunkBytes).toBe(64 * 1024);
    for (const f of m.files) {
      const bytes = new Uint8Array(await (await readStoredFile(storage, m.id, f.path)).arrayBuffer());
      expect(sha(bytes), f.path).toBe(f.sha256);
      expect(Buffer.from(bytes).equals(readFileSync(join(temp, 'reference', f.path))), f.path).toBe(true);
    }
    expect(result.storedChunks).toBe(m.files.reduce((n, f) => n + f.chunks.length, 0));
    expect(result.storedChunks).toBeGreaterThan(m.files.length); // the UNet graph spans several 64 KiB chunks
    expect(storage.writes.filter((r) => r.state === 'installed')).toEqual([storage.writes.at(-1)]);

    // Weights: the fp16 variant is asked for first (404), then the full file: one HEAD each, one Range GET for its head.
    const weights = served.log.filter((r) => r.path.endsWith('.safetensors'));
    expect(weights.filter((r) => r.status === 404).map((r) => r.path).sort()).toEqual([
      'image_encoder/model.fp16.safetensors',
      'text_encoder/model.fp16.safetensors',
      'unet/diffusion_pytorch_model.fp16.safetensors',
      'vae/diffusion_pytorch_model.fp16.safetensors',
    ]);
    expect(weights.filter((r) => r.method === 'GET').every((r) => r.status === 206 && r.range !== null)).toBe(true);
    const fetched = served.log.reduce((s, r) => s + r.bytes, 0);
    expect(result.receivedBytes).toBe(fetched);
    expect(result.requests).toBe(served.log.length);

    expect(progress.at(-1)).toEqual({ stage: 'import', component: 'unet', done: result.checkpointBytes, total: result.checkpointBytes, unit: 'bytes' });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.filter((p) => p.done === p.total)).toHaveLength(1);

    // Again: installed already, nothing fetched.
    const again = await importCheckpoint(CHECKPOINT_URL, options(served, { storage }));
    expect(again).toMatchObject({ alreadyInstalled: true, requests: 0, receivedBytes: 0 });
  });

  it('reads an fp16 variant file in preference to the full one', async () => {
    const dir = variant('fp16-variant', (d) => cpSync(join(d, 'vae/diffusion_pytorch_model.safetensors'), join(d, 'vae/diffusion_pytorch_model.fp16.safetensors')));
    const served = folderFetch(dir);
    await importCheckpoint(CHECKPOINT_URL, options(served, { storage: memoryStorage(), precision: 'fp32' }));
    const vae = served.log.filter((r) => r.path.startsWith('vae/') && r.path.endsWith('.safetensors'));
    expect(new Set(vae.map((r) => r.path))).toEqual(new Set(['vae/diffusion_pytorch_model.fp16.safetensors']));
  });

  it('says a URL without config.json is not a diffusers checkpoint, and stores nothing', async () => {
    const served = folderFetch(join(FIXTURE_DIR, 'golden'));
    const storage = memoryStorage();
    const error = await importCheckpoint(CHECKPOINT_URL, options(served, { storage })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'http', detail: { status: 404, file: 'text_encoder/config.json' } });
    expect((error as Error).message).toMatch(/is not a diffusers checkpoint/);
    expect(await storage.listModels()).toEqual([]);
    expect(served.log.some((r) => r.path.endsWith('.safetensors'))).toBe(false);
  });

  it('refuses a checkpoint of another pipeline before reading any weights', async () => {
    const dir = variant('other-model', (d) =>
      writeFileSync(join(d, 'model_index.json'), JSON.stringify({ _class_name: 'StableDiffusionPipeline' })),
    );
    const served = folderFetch(dir);
    const error = await importCheckpoint(CHECKPOINT_URL, options(served, { storage: memoryStorage() })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'manifest', detail: { file: 'model_index.json', actual: 'StableDiffusionPipeline' } });
    expect((error as Error).message).toMatch(/not an I2VGen-XL checkpoint: model_index.json names StableDiffusionPipeline/);
    expect(served.log.some((r) => r.path.endsWith('.safetensors'))).toBe(false);
  });

  it('names the component whose config the builder cannot use', async () => {
    const dir = variant('bad-config', (d) => {
      const config = JSON.parse(readFileSync(join(d, 'unet/config.json'), 'utf8'));
      writeFileSync(join(d, 'unet/config.json'), JSON.stringify({ ...config, block_out_channels: 'wide' }));
    });
    const storage = memoryStorage();
    const error = await importCheckpoint(CHECKPOINT_URL, options(folderFetch(dir), { storage })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'manifest', detail: { field: 'block_out_channels' } });
    expect((error as Error).message).toContain('unet/config.json');
    expect(await storage.listModels()).toEqual([]);
    expect(storage.chunks.size).toBe(0);
  });

  it('retries a dropped connection from the tensor it was reading', async () => {
    const served = folderFetch(FIXTURE_DIR, { cut: { 'unet/diffusion_pytorch_model.safetensors': { after: 1000, times: 2 } } });
    const result = await importCheckpoint(CHECKPOINT_URL, options(served, { storage: memoryStorage() }));
    expect(result.record.state).toBe('installed');
    const unet = served.log.filter((r) => r.method === 'GET' && r.path === 'unet/diffusion_pytorch_model.safetensors');
    expect(unet.map((r) => r.bytes).slice(0, 2)).toEqual([1000, 1000]);
  });

  it('gives up on a weights file that answers 500 with a clear error, leaving nothing behind', async () => {
    const served = folderFetch(FIXTURE_DIR, { status: { 'vae/diffusion_pytorch_model.safetensors': 500 } });
    const storage = memoryStorage();
    const error = await importCheckpoint(CHECKPOINT_URL, options(served, { storage, retries: 2 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'http', detail: { status: 500 } });
    expect((error as Error).message).toMatch(/500 for .*vae\/diffusion_pytorch_model.safetensors \(gave up after 2 retries\)/);
    expect(await storage.listModels()).toEqual([]);
  });

  it('refuses a server that ignores Range', async () => {
    const served = folderFetch(FIXTURE_DIR, { ignoreRange: true });
    const error = await importCheckpoint(CHECKPOINT_URL, options(served, { storage: memoryStorage(), headBytes: 16 })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'http', detail: { status: 200 } });
    expect((error as Error).message).toMatch(/ignores Range/);
  });

  it('stops when cancelled and removes what it stored', async () => {
    const controller = new AbortController();
    const storage = memoryStorage();
    const served = folderFetch(FIXTURE_DIR);
    const error = await importCheckpoint(
      CHECKPOINT_URL,
      options(served, {
        storage,
        chunkBytes: 4096,
        signal: controller.signal,
        onProgress: (p) => p.component === 'vae' && controller.abort(),
        progressIntervalMs: 0,
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(storage.writes.some((r) => r.verifiedChunks.length > 0)).toBe(true);
    expect(await storage.listModels()).toEqual([]);
    expect(storage.chunks.size).toBe(0);
  });

  it('refuses to start when the estimated bundle does not fit the quota', async () => {
    const storage = memoryStorage();
    const full = { estimate: async () => ({ quota: 100_000, usage: 90_000 }) };
    const error = await importCheckpoint(CHECKPOINT_URL, options(folderFetch(FIXTURE_DIR), { storage, storageAccess: full })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'quota' });
    expect(await storage.listModels()).toEqual([]);
  });
});
