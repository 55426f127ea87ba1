// The model store's IndexedDB database: one database, two object stores ('chunks': Blob per chunk, 'records': one
// ModelRecord per model), opened here because idb-keyval's createStore makes one store per database and a chunk
// write must commit together with the record that lists it.
import { promisifyRequest, type UseStore } from 'idb-keyval';

export const DB_NAME = 'localmotion-models';
const STORES = ['chunks', 'records'] as const;
type StoreName = (typeof STORES)[number];

export interface ModelDb {
  /** idb-keyval stores: pass them as customStore to get/set/values/… */
  readonly chunks: UseStore;
  readonly records: UseStore;
  /** One readwrite transaction over both stores; resolves when it commits. */
  both(fn: (chunks: IDBObjectStore, records: IDBObjectStore) => void): Promise<void>;
}

export function openModelDb(name = DB_NAME): ModelDb {
  let dbp: Promise<IDBDatabase> | undefined;
  const getDb = (): Promise<IDBDatabase> => {
    if (dbp) return dbp;
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      for (const s of STORES) if (!request.result.objectStoreNames.contains(s)) request.result.createObjectStore(s);
    };
    const opened = promisifyRequest(request);
    dbp = opened;
    opened.then(
      (db) => {
        // Let another tab upgrade or delete the database; the next call opens it again.
        db.onversionchange = () => {
          db.close();
          dbp = undefined;
        };
        db.onclose = () => (dbp = undefined);
      },
      () => (dbp = undefined),
    );
    return opened;
  };
  const store =
    (s: StoreName): UseStore =>
    (mode, callback) =>
      getDb().then((db) => callback(db.transaction(s, mode).objectStore(s)));
  return {
    chunks: store('chunks'),
    records: store('records'),
    async both(fn) {
      const tx = (await getDb()).transaction(STORES, 'readwrite');
      fn(tx.objectStore('chunks'), tx.objectStore('records'));
      await promisifyRequest(tx);
    },
  };
}
