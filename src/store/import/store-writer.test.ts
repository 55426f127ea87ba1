// StoreBundleWriter cuts each file at multiples of chunkBytes however the bytes arrive, stores every chunk with its
// sha256 and the record listing it, hashes whole files as they stream, and flips to installed only in install().
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type BundleManifest, chunkSpans, MANIFEST_FORMAT, MANIFEST_VERSION } from '../bundle/manifest.ts';
import { chunkingWriter } from '../verify/chunking-writer.ts';
import { readStoredFile } from '../idb/model-store.ts';
import { StoreBundleWriter } from './store-writer.ts';
import { memoryStorage } from './test-support.ts';

const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 37 + 11) % 256);
const options = { id: 'm', name: 'M', precision: 'q4f32', chunkBytes: 4096 } as const;

async function write(writer: StoreBundleWriter | ReturnType<typeof chunkingWriter>, path: string, sizes: number[]) {
  const f = await writer.create(path);
  let at = 0;
  for (const n of sizes) {
    await f.write(data.subarray(at, at + n));
    at += n;
  }
  return f.close();
}

const manifestOf = (files: BundleManifest['files']): BundleManifest => ({
  format: MANIFEST_FORMAT,
  version: MANIFEST_VERSION,
  id: 'm',
  name: 'M',
  precision: 'q4f32',
  requiredFeatures: [],
  graphs: {},
  configs: {},
  chunkBytes: 4096,
  totalBytes: files.reduce((s, f) => s + f.bytes, 0),
  files,
  createdBy: 'test',
});

describe('StoreBundleWriter', () => {
  it.each([
    ['one write', [10_000]],
    ['writes that straddle chunk ends', [1, 4095, 4097, 1807]],
    ['byte-sized and large writes', [3, 1, 9_000, 996]],
  ])('stores chunks at multiples of chunkBytes for %s, each listed as verified with the chunk', async (_, sizes) => {
    const storage = memoryStorage();
    const writer = new StoreBundleWriter(storage, options);
    await writer.begin();
    const written = await write(writer, 'unet.onnx.data', sizes);
    expect(written).toEqual({ path: 'unet.onnx.data', bytes: 10_000, sha256: hex(data) });
    const spans = chunkSpans(10_000, 4096);
    expect([...storage.chunks.keys()]).toEqual(spans.map((_, i) => `m/unet.onnx.data#${i}`));
    for (const [i, s] of spans.entries()) {
      const blob = storage.chunks.get(`m/unet.onnx.data#${i}`)!;
      expect(new Uint8Array(await blob.arrayBuffer())).toEqual(data.subarray(s.offset, s.offset + s.bytes));
    }
    // Each chunk went in with a record that lists it, and the record never claimed 'installed'.
    const chunkWrites = storage.writes.filter((r) => r.verifiedChunks.length > 0);
    expect(chunkWrites.slice(0, 3).map((r) => r.verifiedChunks.length)).toEqual([1, 2, 3]);
    expect(storage.writes.every((r) => r.state === 'downloading')).toBe(true);
    const record = storage.writes.at(-1)!;
    expect(record.bytes).toBe(10_000);
    expect(record.manifest.files.map((f) => f.path)).toEqual(['unet.onnx.data']);
  });

  it('agrees with the converter chunk hashes, discards manifest.json, and installs in one write', async () => {
    const storage = memoryStorage();
    const inner = new StoreBundleWriter(storage, options);
    await inner.begin();
    const outer = chunkingWriter(inner, 4096);
    const a = await write(outer, 'unet.onnx', [10_000]);
    const b = await write(outer, 'tokenizer.json', [100]);
    await write(inner, 'manifest.json', [50]);
    const files = [a, b].map((f) => ({ ...f, chunks: outer.chunksOf(f.path) }));
    const before = storage.writes.length;
    const record = await inner.install(manifestOf(files));
    expect(record.state).toBe('installed');
    expect(storage.writes.length).toBe(before + 1);
    expect([...storage.chunks.keys()].some((k) => k.includes('manifest.json'))).toBe(false);
    expect(new Uint8Array(await (await readStoredFile(storage, 'm', 'unet.onnx')).arrayBuffer())).toEqual(data);
  });

  it('refuses to install a manifest that does not match what it stored', async () => {
    const storage = memoryStorage();
    const writer = new StoreBundleWriter(storage, options);
    const f = await write(writer, 'unet.onnx', [5000]);
    const wrong = { ...f, chunks: chunkSpans(5000, 4096).map((s) => ({ ...s, sha256: '0'.repeat(64) })) };
    await expect(writer.install(manifestOf([wrong]))).rejects.toMatchObject({ code: 'integrity', detail: { file: 'unet.onnx' } });
    expect(storage.writes.some((r) => r.state === 'installed')).toBe(false);
  });
});
