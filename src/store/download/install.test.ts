// installFromUrl against an in-memory server and store: resume from the first missing byte after a cut, a server
// that ignores Range, a corrupt chunk fetched again, HTTP errors, the quota check and pause/resume. The same
// behaviour is shown in real Chromium with IndexedDB in e2e/store-download.spec.ts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type BundleManifest, chunkSpans, parseManifest } from '../bundle/manifest.ts';
import { type ModelStorage, readStoredFile } from '../idb/model-store.ts';
import { StoreError } from '../store-error.ts';
import { installFromUrl, type InstallOptions } from './install.ts';
import { memoryStorage } from '../idb/test-support.ts';

const BASE = 'http://bundle.test/m/';
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function bundle(chunkBytes = 1000): { manifest: BundleManifest; files: Map<string, Uint8Array> } {
  const files = new Map([
    ['unet.onnx', Uint8Array.from({ length: 3500 }, (_, i) => (i * 7 + 3) % 256)],
    ['tokenizer.json', new TextEncoder().encode('{"model":{}}')],
  ]);
  const list = [...files].map(([path, bytes]) => ({
    path,
    bytes: bytes.byteLength,
    sha256: hex(bytes),
    chunks: chunkSpans(bytes.byteLength, chunkBytes).map((s) => ({ ...s, sha256: hex(bytes.subarray(s.offset, s.offset + s.bytes)) })),
  }));
  const raw = {
    format: 'localmotion-bundle',
    version: 2,
    id: 'm',
    name: 'M',
    precision: 'fp32',
    requiredFeatures: [],
    graphs: {},
    configs: {},
    chunkBytes,
    totalBytes: list.reduce((s, f) => s + f.bytes, 0),
    files: list,
    createdBy: 'test',
  };
  return { manifest: parseManifest(JSON.stringify(raw)), files };
}

interface Faults {
  status?: number;
  /** Cut the body after this many bytes (then error like a dropped connection), for the next `times` responses. */
  cutAfter?: number;
  cutTimes?: number;
  /** Flip the byte at this file offset in the next response that carries it. */
  flipAt?: number;
  ignoreRange?: boolean;
}

function server(b: ReturnType<typeof bundle>, faults: Record<string, Faults> = {}) {
  const log: { path: string; range: string | null; status: number }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = String(input).slice(BASE.length);
    const range = new Headers(init?.headers).get('Range');
    const f = faults[path] ?? {};
    const text = path === 'manifest.json' ? new TextEncoder().encode(JSON.stringify(b.manifest)) : b.files.get(path);
    const status = f.status ?? (text === undefined ? 404 : range && !f.ignoreRange ? 206 : 200);
    log.push({ path, range, status });
    if (text === undefined || status >= 400) return new Response('no', { status });
    const m = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
    const first = status === 206 && m ? Number(m[1]) : 0;
    const last = status === 206 && m ? Math.min(Number(m[2]), text.byteLength - 1) : text.byteLength - 1;
    const body = text.slice(first, last + 1);
    if (f.flipAt !== undefined && f.flipAt >= first && f.flipAt <= last) {
      body[f.flipAt - first]! ^= 0xff;
      delete f.flipAt;
    }
    const cut = f.cutAfter !== undefined && f.cutAfter < body.byteLength && (f.cutTimes ?? 1) > 0 ? f.cutAfter : undefined;
    if (cut !== undefined) f.cutTimes = (f.cutTimes ?? 1) - 1;
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at === cut) return c.error(new TypeError('network error'));
        if (at === body.byteLength) return c.close();
        const end = Math.min(at + 256, cut ?? body.byteLength, body.byteLength);
        c.enqueue(body.slice(at, end));
        at = end;
      },
    });
    const headers: Record<string, string> = status === 206 ? { 'Content-Range': `bytes ${first}-${last}/${text.byteLength}` } : {};
    return new Response(stream, { status, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, log };
}

const roomy = { estimate: async () => ({ quota: 1e9, usage: 0 }) };
const options = (s: ReturnType<typeof server>, storage: ModelStorage, more: InstallOptions = {}): InstallOptions => ({
  fetch: s.fetch,
  storage,
  storageAccess: roomy,
  backoffMs: 1,
  ...more,
});

async function expectStoredBundle(storage: ModelStorage, b: ReturnType<typeof bundle>) {
  for (const [path, bytes] of b.files) {
    const blob = await readStoredFile(storage, 'm', path);
    expect(Buffer.from(await blob.arrayBuffer()), path).toEqual(Buffer.from(bytes));
  }
}

describe('installFromUrl', () => {
  it('stores every chunk verified, flips to installed in one last write, and fetches nothing twice', async () => {
    const b = bundle();
    const s = server(b);
    const storage = memoryStorage();
    const result = await installFromUrl(BASE, options(s, storage));
    expect(result.record.state).toBe('installed');
    expect(result.storedChunks).toBe(5);
    expect(result.receivedBytes).toBe(b.manifest.totalBytes);
    expect(storage.writes.filter((r) => r.state === 'installed')).toEqual([storage.writes.at(-1)]);
    await expectStoredBundle(storage, b);
    const again = await installFromUrl(BASE, options(s, storage));
    expect(again.requests).toBe(1);
    expect(s.log.at(-1)!.path).toBe('manifest.json');
  });

  it('resumes a cut chunk with a Range request from its first missing byte', async () => {
    const b = bundle();
    const s = server(b, { 'unet.onnx': { cutAfter: 700, cutTimes: 2 } });
    const storage = memoryStorage();
    const retries: StoreError[] = [];
    const result = await installFromUrl(BASE, options(s, storage, { onRetry: (e) => retries.push(e) }));
    expect(result.record.state).toBe('installed');
    expect(retries.map((e) => e.code)).toEqual(['network', 'network']);
    expect(retries[0]!.message).toBe('the download of http://bundle.test/m/unet.onnx failed: network error');
    expect(s.log.filter((r) => r.path === 'unet.onnx').map((r) => r.range)).toEqual([
      'bytes=0-999',
      'bytes=700-999',
      'bytes=1000-1999',
      'bytes=1700-1999',
      'bytes=2000-2999',
      'bytes=3000-3499',
    ]);
    expect(result.receivedBytes).toBe(b.manifest.totalBytes);
    await expectStoredBundle(storage, b);
  });

  it('reads on from one 200 response when the server ignores Range', async () => {
    const b = bundle();
    const s = server(b, { 'unet.onnx': { ignoreRange: true } });
    const storage = memoryStorage();
    await installFromUrl(BASE, options(s, storage));
    expect(s.log.filter((r) => r.path === 'unet.onnx')).toEqual([{ path: 'unet.onnx', range: 'bytes=0-999', status: 200 }]);
    await expectStoredBundle(storage, b);
  });

  it('reports a corrupt chunk as an integrity error naming file, chunk and hashes, and fetches it again', async () => {
    const b = bundle();
    const s = server(b, { 'unet.onnx': { flipAt: 2345 } });
    const storage = memoryStorage();
    const retries: StoreError[] = [];
    const result = await installFromUrl(BASE, options(s, storage, { onRetry: (e) => retries.push(e) }));
    expect(retries).toHaveLength(1);
    const e = retries[0]!;
    expect(e.code).toBe('integrity');
    expect(e.detail).toMatchObject({ file: 'unet.onnx', chunk: 2, expected: b.manifest.files[0]!.chunks[2]!.sha256 });
    expect(e.message).toMatch(/unet.onnx chunk 2 \(bytes 2000–2999\) is corrupt: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/);
    expect(s.log.filter((r) => r.range === 'bytes=2000-2999')).toHaveLength(2);
    expect(result.record.state).toBe('installed');
    await expectStoredBundle(storage, b);
  });

  it('never reports more done than total, even when the last chunk is fetched twice', async () => {
    const b = bundle();
    const s = server(b, { 'tokenizer.json': { flipAt: 3 } });
    const done: number[] = [];
    await installFromUrl(BASE, options(s, memoryStorage(), { progressIntervalMs: 0, onProgress: (p) => done.push(p.done) }));
    expect(Math.max(...done)).toBe(b.manifest.totalBytes);
    expect(done.at(-1)).toBe(b.manifest.totalBytes);
  });

  it('gives up on a chunk that stays corrupt, keeping only verified chunks', async () => {
    const b = bundle();
    const s = server(b);
    const storage = memoryStorage();
    const flipping: typeof globalThis.fetch = async (url, init) => {
      const r = await s.fetch(url, init);
      if (!String(url).endsWith('tokenizer.json')) return r;
      const bytes = new Uint8Array(await r.arrayBuffer());
      bytes[0]! ^= 1;
      return new Response(bytes, { status: r.status, headers: r.headers });
    };
    const error = await installFromUrl(BASE, options(s, storage, { fetch: flipping })).catch((x: unknown) => x);
    expect(error).toMatchObject({ code: 'integrity', detail: { file: 'tokenizer.json', chunk: 0 } });
    expect((await storage.getModel('m'))!.state).toBe('downloading');
    expect([...storage.chunks.keys()]).toEqual(['m/unet.onnx#0', 'm/unet.onnx#1', 'm/unet.onnx#2', 'm/unet.onnx#3']);
  });

  it.each([404, 500])('fails with an http error naming status and URL on %i', async (status) => {
    const b = bundle();
    const s = server(b, { 'unet.onnx': { status } });
    const storage = memoryStorage();
    const error = await installFromUrl(BASE, options(s, storage, { retries: 2 })).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('http');
    expect((error as StoreError).message).toContain(`the server answered ${status} for ${BASE}unet.onnx`);
    expect(s.log.filter((r) => r.path === 'unet.onnx')).toHaveLength(status === 500 ? 3 : 1);
    expect((await storage.getModel('m'))!.state).toBe('downloading');
  });

  it('checks the quota against the missing bytes before fetching any chunk', async () => {
    const b = bundle();
    const s = server(b);
    const storage = memoryStorage();
    const tight = { estimate: async () => ({ quota: 5_000_000, usage: 4_999_000 }) };
    const error = await installFromUrl(BASE, options(s, storage, { storageAccess: tight })).catch((x: unknown) => x);
    expect(error).toMatchObject({ code: 'quota', detail: { expected: b.manifest.totalBytes, actual: 1000 } });
    expect((error as Error).message).toMatch(/not enough storage for M \(m\): it needs 4 kB more, but only 1 kB is free/);
    expect(s.log.map((r) => r.path)).toEqual(['manifest.json']);
    expect(storage.writes).toEqual([]);
  });

  it('pauses on abort with a cancelled error and resumes without fetching verified chunks again', async () => {
    const b = bundle();
    const s = server(b);
    const storage = memoryStorage();
    const pause = new AbortController();
    const error = await installFromUrl(
      BASE,
      options(s, storage, {
        signal: pause.signal,
        progressIntervalMs: 0,
        onProgress: (p) => p.done >= 2000 && pause.abort(),
      }),
    ).catch((x: unknown) => x);
    expect(error).toMatchObject({ code: 'cancelled' });
    const stored = (await storage.getModel('m'))!;
    expect(stored.state).toBe('downloading');
    expect(stored.verifiedChunks).toEqual(['unet.onnx#0', 'unet.onnx#1']);
    const before = s.log.length;
    const result = await installFromUrl(BASE, options(s, storage));
    expect(s.log.slice(before).map((r) => r.range ?? r.path)).toEqual(['manifest.json', 'bytes=2000-2999', 'bytes=3000-3499', 'bytes=0-11']);
    expect(result.record.state).toBe('installed');
    await expectStoredBundle(storage, b);
  });
});
