// A BundleWriter that streams the converter's output files straight into the model store: each file is cut into
// chunks of chunkBytes (at the manifest's offsets), each chunk hashed and stored with the record that lists it as
// verified, and the whole file hashed as it streams past, so no file is ever held whole. The record stays
// 'downloading' throughout; install() is the one write that flips it to 'installed'.
import type { BundleWriter, FileWriter, WrittenFile } from '../bundle/io.ts';
import { type BundleManifest, MANIFEST_FORMAT, MANIFEST_VERSION, type ManifestChunk, type ManifestFile } from '../bundle/manifest.ts';
import { chunkName, type ModelRecord } from '../idb/model-record.ts';
import type { ModelStorage } from '../idb/model-store.ts';
import type { Precision } from '../../graph/quant/precision.ts';
import { StoreError } from '../store-error.ts';
import { sha256Hex } from '../verify/sha256.ts';
import { Sha256 } from './sha256-stream.ts';

export interface StoreWriterOptions {
  readonly id: string;
  readonly name: string;
  readonly precision: Precision;
  readonly chunkBytes: number;
}

/** The converter writes manifest.json last; the store keeps the manifest in the record instead. */
const MANIFEST_FILE = 'manifest.json';

export class StoreBundleWriter implements BundleWriter {
  readonly name: string;
  /** Chunks stored so far. */
  storedChunks = 0;
  private record: ModelRecord;
  private readonly files: ManifestFile[] = [];

  constructor(
    private readonly storage: ModelStorage,
    private readonly o: StoreWriterOptions,
  ) {
    this.name = `the model store (${o.id})`;
    this.record = { id: o.id, manifest: this.partialManifest(), state: 'downloading', verifiedChunks: [], bytes: 0, updatedAt: Date.now() };
  }

  /** Writes the empty 'downloading' record (the import shows in listModels as not installed). */
  begin(): Promise<void> {
    return this.storage.putRecord(this.record);
  }

  async create(path: string): Promise<FileWriter> {
    if (this.files.some((f) => f.path === path)) throw new Error(`${this.name}: ${path} was written twice`);
    const hash = new Sha256();
    if (path === MANIFEST_FILE) return discarding(path, hash);
    const chunks: ManifestChunk[] = [];
    const chunkBytes = this.o.chunkBytes;
    let buffer = new Uint8Array(0);
    let filled = 0;
    let offset = 0;
    const flush = async () => {
      const bytes = buffer.subarray(0, filled);
      const sha256 = await sha256Hex(bytes);
      const index = chunks.length;
      // new Blob copies the bytes, so the buffer is free for the next chunk once this returns.
      const next = this.nextRecord(chunkName(path, index), filled);
      await this.storage.putChunk(next, path, index, new Blob([bytes]));
      this.record = next;
      this.storedChunks++;
      chunks.push({ offset, bytes: filled, sha256 });
      offset += filled;
      filled = 0;
    };
    return {
      write: async (bytes) => {
        hash.update(bytes);
        for (let at = 0; at < bytes.byteLength; ) {
          const take = Math.min(chunkBytes - filled, bytes.byteLength - at);
          if (filled + take > buffer.byteLength) {
            // Grows by doubling up to one chunk, so small files never allocate a whole chunk.
            const grown = new Uint8Array(Math.min(chunkBytes, Math.max(filled + take, 2 * buffer.byteLength, 1 << 16)));
            grown.set(buffer.subarray(0, filled));
            buffer = grown;
          }
          buffer.set(bytes.subarray(at, at + take), filled);
          filled += take;
          at += take;
          if (filled === chunkBytes) await flush();
        }
      },
      close: async (): Promise<WrittenFile> => {
        if (filled > 0) await flush();
        buffer = new Uint8Array(0);
        const file: ManifestFile = { path, bytes: offset, sha256: hash.hex(), chunks };
        this.files.push(file);
        this.record = { ...this.record, manifest: this.partialManifest(), updatedAt: Date.now() };
        await this.storage.putRecord(this.record);
        return { path, bytes: file.bytes, sha256: file.sha256 };
      },
    };
  }

  /**
   * Checks the converter's manifest against what was stored (every file, size and chunk sha256 — hashed twice, on
   * either side of the writer) and flips the record to 'installed' in one write.
   */
  async install(manifest: BundleManifest): Promise<ModelRecord> {
    const stored = new Map(this.files.map((f) => [f.path, f]));
    for (const f of manifest.files) {
      const s = stored.get(f.path);
      const same = s && s.bytes === f.bytes && s.sha256 === f.sha256 && JSON.stringify(s.chunks) === JSON.stringify(f.chunks);
      if (!same) {
        throw new StoreError('integrity', `${f.path} in the store does not match the converted bundle's manifest`, {
          file: f.path,
          expected: f.sha256,
          actual: s?.sha256 ?? 'not stored',
        });
      }
    }
    if (stored.size !== manifest.files.length) {
      throw new StoreError('integrity', `the store holds ${stored.size} files, the manifest lists ${manifest.files.length}`);
    }
    this.record = { ...this.record, manifest, state: 'installed', bytes: manifest.totalBytes, updatedAt: Date.now() };
    await this.storage.putRecord(this.record);
    return this.record;
  }

  private nextRecord(chunk: string, bytes: number): ModelRecord {
    return { ...this.record, verifiedChunks: [...this.record.verifiedChunks, chunk], bytes: this.record.bytes + bytes, updatedAt: Date.now() };
  }

  /** The manifest of the files finished so far (the record of an unfinished import lists only those). */
  private partialManifest(): BundleManifest {
    return {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      id: this.o.id,
      name: this.o.name,
      precision: this.o.precision,
      requiredFeatures: [],
      graphs: {},
      configs: {},
      chunkBytes: this.o.chunkBytes,
      totalBytes: this.files.reduce((s, f) => s + f.bytes, 0),
      files: [...this.files],
      createdBy: 'localmotion import (unfinished)',
    };
  }
}

function discarding(path: string, hash: Sha256): FileWriter {
  let bytes = 0;
  return {
    write: async (b) => {
      hash.update(b);
      bytes += b.byteLength;
    },
    close: async () => ({ path, bytes, sha256: hash.hex() }),
  };
}
