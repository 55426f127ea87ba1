// A BundleWriter wrapper that cuts every written file into manifest chunks (chunkSpans) and hashes each chunk as
// its last byte arrives, so the converter can list chunks without reading a file back. Holds one chunk at a time.
import type { BundleWriter, FileWriter, WrittenFile } from '../bundle/io.ts';
import type { ManifestChunk } from '../bundle/manifest.ts';
import { sha256Hex } from './sha256.ts';

export interface ChunkingWriter extends BundleWriter {
  /** The chunks of a file this writer has closed. */
  chunksOf(path: string): readonly ManifestChunk[];
}

export function chunkingWriter(inner: BundleWriter, chunkBytes: number): ChunkingWriter {
  const closed = new Map<string, readonly ManifestChunk[]>();
  return {
    name: inner.name,
    async create(path): Promise<FileWriter> {
      const file = await inner.create(path);
      const hasher = new ChunkHasher(chunkBytes);
      return {
        async write(bytes) {
          await hasher.update(bytes);
          await file.write(bytes);
        },
        async close(): Promise<WrittenFile> {
          closed.set(path, await hasher.finish());
          return file.close();
        },
      };
    },
    chunksOf(path) {
      const chunks = closed.get(path);
      if (chunks === undefined) throw new Error(`${inner.name}/${path} was not written through the chunking writer`);
      return chunks;
    },
  };
}

/** Feeds bytes in any pieces; emits one ManifestChunk per chunkBytes (the last may be shorter). */
export class ChunkHasher {
  private buffer = new Uint8Array(0);
  private filled = 0;
  private offset = 0;
  private readonly chunks: ManifestChunk[] = [];

  constructor(private readonly chunkBytes: number) {}

  async update(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.byteLength) {
      const take = Math.min(this.chunkBytes - this.filled, bytes.byteLength - at);
      this.reserve(this.filled + take);
      this.buffer.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.chunkBytes) await this.emit();
    }
  }

  async finish(): Promise<ManifestChunk[]> {
    if (this.filled > 0) await this.emit();
    return this.chunks;
  }

  /** Grows the buffer by doubling up to chunkBytes, so small files never allocate a whole chunk. */
  private reserve(size: number): void {
    if (size <= this.buffer.byteLength) return;
    const next = new Uint8Array(Math.min(this.chunkBytes, Math.max(size, 2 * this.buffer.byteLength, 1 << 16)));
    next.set(this.buffer.subarray(0, this.filled));
    this.buffer = next;
  }

  private async emit(): Promise<void> {
    const sha256 = await sha256Hex(this.buffer.subarray(0, this.filled));
    this.chunks.push({ offset: this.offset, bytes: this.filled, sha256 });
    this.offset += this.filled;
    this.filled = 0;
  }
}
