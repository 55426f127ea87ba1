// The chunking writer hashes chunks exactly at multiples of chunkBytes however the bytes arrive, and passes every
// byte through to the wrapped writer unchanged.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BundleWriter, WrittenFile } from '../bundle/io.ts';
import { chunkSpans } from '../bundle/manifest.ts';
import { ChunkHasher, chunkingWriter } from './chunking-writer.ts';
import { sha256Hex } from './sha256.ts';

const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 31 + 7) % 256);

function expected(bytes: Uint8Array, chunkBytes: number) {
  return chunkSpans(bytes.byteLength, chunkBytes).map((s) => ({ ...s, sha256: hex(bytes.subarray(s.offset, s.offset + s.bytes)) }));
}

describe('ChunkHasher', () => {
  it.each([
    ['one write', [10_000]],
    ['writes that straddle chunk ends', [1, 4095, 4097, 1807]],
    ['byte-sized and large writes', [3, 1, 9_000, 996]],
  ])('cuts at chunkBytes for %s', async (_, sizes) => {
    const hasher = new ChunkHasher(4096);
    let at = 0;
    for (const n of sizes) {
      await hasher.update(data.subarray(at, at + n));
      at += n;
    }
    expect(await hasher.finish()).toEqual(expected(data, 4096));
  });

  it('gives no chunks for an empty file and one for a file of exactly chunkBytes', async () => {
    expect(await new ChunkHasher(16).finish()).toEqual([]);
    const exact = new ChunkHasher(100);
    await exact.update(data.subarray(0, 100));
    expect(await exact.finish()).toEqual(expected(data.subarray(0, 100), 100));
  });
});

describe('chunkingWriter', () => {
  it('passes bytes through and reports the chunks of each closed file', async () => {
    const written: Uint8Array[] = [];
    const inner: BundleWriter = {
      name: 'memory',
      async create(path) {
        return {
          async write(b) {
            written.push(b.slice());
          },
          async close(): Promise<WrittenFile> {
            return { path, bytes: 0, sha256: '' };
          },
        };
      },
    };
    const writer = chunkingWriter(inner, 3000);
    const f = await writer.create('a.bin');
    await f.write(data.subarray(0, 5000));
    await f.write(data.subarray(5000));
    await f.close();
    expect(Buffer.concat(written)).toEqual(Buffer.from(data));
    expect(writer.chunksOf('a.bin')).toEqual(expected(data, 3000));
    expect(() => writer.chunksOf('b.bin')).toThrow(/b.bin was not written/);
  });
});

describe('sha256Hex', () => {
  it('equals node:crypto for bytes and Blobs', async () => {
    expect(await sha256Hex(data)).toBe(hex(data));
    expect(await sha256Hex(new Blob([data]))).toBe(hex(data));
  });
});
