// Where the batch queue lives: its own IndexedDB database, one record per item keyed by id (the image Blob, the
// form snapshot, the status and, when done, the video Blob), so a queue survives a reload.
import { createStore, delMany, set, setMany, values, type UseStore } from 'idb-keyval';
import { type BatchItem, readItem } from './queue.ts';

export const BATCH_DB = 'localmotion-batch';

export interface BatchStore {
  /** Every item, in no particular order. */
  list(): Promise<BatchItem[]>;
  put(item: BatchItem): Promise<void>;
  putAll(items: readonly BatchItem[]): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
}

export function openBatchStore(dbName = BATCH_DB): BatchStore {
  let db: UseStore | undefined;
  const store = (): UseStore => (db ??= createStore(dbName, 'items'));
  return {
    async list() {
      return (await values(store())).map(readItem).filter((i): i is BatchItem => i !== undefined);
    },
    put: (item) => set(item.id, item, store()),
    // setMany is one transaction: either every accepted image is queued or none is.
    putAll: (items) => setMany(items.map((i) => [i.id, i]), store()),
    remove: (ids) => delMany([...ids], store()),
  };
}
