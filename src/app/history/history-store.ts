// Where history lives: its own IndexedDB database (not the model store's), one record per entry keyed by id, video
// and thumbnail Blobs inside the record. Entries that do not read back as entries are skipped, not shown broken.
import { clear, createStore, del, set, values, type UseStore } from 'idb-keyval';
import { type HistoryEntry, newestFirst, readEntry } from './entry.ts';

export const HISTORY_DB = 'localmotion-history';

export interface HistoryStore {
  /** Every entry, newest first. */
  list(): Promise<HistoryEntry[]>;
  /** Keeps an entry; rejects (QuotaExceededError among others) when the browser will not store it. */
  put(entry: HistoryEntry): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
}

export function openHistoryStore(dbName = HISTORY_DB): HistoryStore {
  let db: UseStore | undefined;
  // Opened on first use: importing this module touches no storage.
  const store = (): UseStore => (db ??= createStore(dbName, 'entries'));
  return {
    async list() {
      const all = await values(store());
      return newestFirst(all.map(readEntry).filter((e): e is HistoryEntry => e !== undefined));
    },
    put: (entry) => set(entry.id, entry, store()),
    remove: (id) => del(id, store()),
    clear: () => clear(store()),
  };
}

/** True when storing failed because the origin's storage is full. */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || (error instanceof DOMException && error.code === DOMException.QUOTA_EXCEEDED_ERR);
}
