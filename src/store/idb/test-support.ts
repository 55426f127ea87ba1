// Test support: a ModelStorage in memory (records and chunk Blobs in Maps, every record write logged), the store's
// IndexedDB layer as the download and import tests see it.
import type { ModelRecord } from './model-record.ts';
import type { ModelStorage } from './model-store.ts';

export function memoryStorage(): ModelStorage & { chunks: Map<string, Blob>; writes: ModelRecord[] } {
  const records = new Map<string, ModelRecord>();
  const chunks = new Map<string, Blob>();
  const writes: ModelRecord[] = [];
  const ofModel = (id: string) => [...chunks.keys()].filter((k) => k.startsWith(`${id}/`));
  return {
    chunks,
    writes,
    listModels: async () => [...records.values()],
    getModel: async (id) => records.get(id),
    putRecord: async (r) => void (records.set(r.id, r), writes.push(r)),
    putChunk: async (r, path, i, blob) => void (chunks.set(`${r.id}/${path}#${i}`, blob), records.set(r.id, r), writes.push(r)),
    getChunk: async (id, path, i) => chunks.get(`${id}/${path}#${i}`),
    deleteChunks: async (id, names) => names.forEach((n) => chunks.delete(`${id}/${n}`)),
    deleteModel: async (id) => void (records.delete(id), ofModel(id).forEach((k) => chunks.delete(k))),
    storageUsed: async (id) => ofModel(id).reduce((s, k) => s + chunks.get(k)!.size, 0),
  };
}
