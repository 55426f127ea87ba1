// Storage space: the quota check made before any chunk is fetched, and the request for persistent storage.
import { StoreError } from '../store-error.ts';

/** The part of navigator.storage the store uses; persist() does not exist in workers. */
export interface StorageAccess {
  estimate(): Promise<StorageEstimate>;
  persist?(): Promise<boolean>;
}

export const browserStorage = (): StorageAccess | undefined => globalThis.navigator?.storage;

/** Throws a `quota` error when `needed` more bytes do not fit; does nothing where no estimate is available. */
export async function checkQuota(storage: StorageAccess | undefined, needed: number, what: string): Promise<void> {
  if (storage === undefined || needed === 0) return;
  const { quota, usage } = await storage.estimate();
  if (quota === undefined) return;
  const free = Math.max(0, quota - (usage ?? 0));
  if (needed > free) {
    throw new StoreError(
      'quota',
      `not enough storage for ${what}: it needs ${formatSize(needed)} more, but only ${formatSize(free)} is free`,
      { expected: needed, actual: free },
    );
  }
}

/** Asks the browser not to evict the store under pressure; undefined where persist() does not exist (workers). */
export async function requestPersistence(storage: StorageAccess | undefined): Promise<boolean | undefined> {
  if (storage?.persist === undefined) return undefined;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Bytes in the decimal units storage settings show: kB, MB, GB. */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(bytes / 1e3)} kB`;
}
