// The installed models in IndexedDB: list, read, measure and delete them (ModelStorage is what the downloader
// writes through; idbModelStorage keeps it in the 'localmotion-models' database).
import { get, promisifyRequest, set, values } from 'idb-keyval';
import { StoreError } from '../store-error.ts';
import { openModelDb, type ModelDb } from './db.ts';
import { chunkKey, chunkName, modelKeyRange, type ModelRecord } from './model-record.ts';

export interface ModelStorage {
  listModels(): Promise<ModelRecord[]>;
  getModel(id: string): Promise<ModelRecord | undefined>;
  putRecord(record: ModelRecord): Promise<void>;
  /** Stores a verified chunk together with the record that lists it, in one transaction. */
  putChunk(record: ModelRecord, path: string, index: number, blob: Blob): Promise<void>;
  getChunk(id: string, path: string, index: number): Promise<Blob | undefined>;
  deleteChunks(id: string, names: readonly string[]): Promise<void>;
  /** The record and every chunk of the model (also chunks no record lists). */
  deleteModel(id: string): Promise<void>;
  /** Bytes of the chunks stored for the model. */
  storageUsed(id: string): Promise<number>;
}

export function idbModelStorage(db: ModelDb = openModelDb()): ModelStorage {
  return {
    listModels: async () => (await values<ModelRecord>(db.records)).sort((a, b) => a.id.localeCompare(b.id)),
    getModel: (id) => get<ModelRecord>(id, db.records),
    putRecord: (record) => guard(set(record.id, record, db.records), `saving the record of ${record.id}`),
    putChunk: (record, path, index, blob) =>
      guard(
        db.both((chunks, records) => {
          chunks.put(blob, chunkKey(record.id, path, index));
          records.put(record, record.id);
        }),
        `storing ${path} chunk ${index} of ${record.id}`,
      ),
    getChunk: (id, path, index) => get<Blob>(chunkKey(id, path, index), db.chunks),
    async deleteChunks(id, names) {
      if (names.length === 0) return;
      await db.both((chunks) => names.forEach((n) => chunks.delete(`${id}/${n}`)));
    },
    deleteModel: (id) =>
      db.both((chunks, records) => {
        records.delete(id);
        chunks.delete(modelKeyRange(id));
      }),
    async storageUsed(id) {
      // Sizes from the manifest for the keys present: reading the values would hand the page a Blob per chunk, and
      // Chromium keeps a Blob's file on disk (and in the usage estimate) while the page still references it.
      const record = await get<ModelRecord>(id, db.records);
      const sizes = new Map(record?.manifest.files.flatMap((f) => f.chunks.map((c, i) => [chunkKey(id, f.path, i), c.bytes])));
      return db.chunks('readonly', async (store) => {
        const keys = (await promisifyRequest(store.getAllKeys(modelKeyRange(id)))) as string[];
        let sum = 0;
        for (const key of keys) sum += sizes.get(key) ?? ((await promisifyRequest(store.get(key))) as Blob).size;
        return sum;
      });
    },
  };
}

/** A write refused for lack of space becomes a `quota` error, any other IndexedDB failure a `storage` error. */
async function guard<T>(write: Promise<T>, what: string): Promise<T> {
  try {
    return await write;
  } catch (e) {
    const quota = e instanceof DOMException && e.name === 'QuotaExceededError';
    throw new StoreError(quota ? 'quota' : 'storage', `${what} failed: ${(e as Error).message ?? String(e)}`);
  }
}

/** A stored file of an installed model as one Blob made of its chunk Blobs (no bytes are copied or read). */
export async function readStoredFile(storage: ModelStorage, id: string, path: string): Promise<Blob> {
  const record = await storage.getModel(id);
  if (record === undefined) throw new StoreError('missing', `model ${id} is not in the store`, { file: path });
  if (record.state !== 'installed') {
    throw new StoreError('missing', `model ${id} is not installed yet (${record.bytes} of ${record.manifest.totalBytes} bytes)`, { file: path });
  }
  const file = record.manifest.files.find((f) => f.path === path);
  if (file === undefined) throw new StoreError('missing', `model ${id} has no file ${path}`, { file: path });
  const blobs = await Promise.all(file.chunks.map((_, i) => storage.getChunk(id, path, i)));
  const parts = blobs.map((b, i) => {
    const chunk = file.chunks[i]!;
    if (b === undefined || b.size !== chunk.bytes) {
      throw new StoreError('missing', `${id}/${chunkName(path, i)} is missing from the store`, {
        file: path,
        chunk: i,
        expected: chunk.bytes,
        actual: b?.size ?? 0,
      });
    }
    return b;
  });
  return new Blob(parts);
}

let defaultStorage: ModelStorage | undefined;
/** The store of this origin ('localmotion-models'), opened on first use. */
export const modelStorage = (): ModelStorage => (defaultStorage ??= idbModelStorage());

export const listModels = (): Promise<ModelRecord[]> => modelStorage().listModels();
export const getModel = (id: string): Promise<ModelRecord | undefined> => modelStorage().getModel(id);
/** Deletes the record and every chunk of the model in one transaction. */
export const deleteModel = (id: string): Promise<void> => modelStorage().deleteModel(id);
export const storageUsed = (id: string): Promise<number> => modelStorage().storageUsed(id);
export const readFile = (id: string, path: string): Promise<Blob> => readStoredFile(modelStorage(), id, path);
export const readText = async (id: string, path: string): Promise<string> => (await readFile(id, path)).text();
