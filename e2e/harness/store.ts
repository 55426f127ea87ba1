// Harness for e2e/store-download.spec.ts: window.store drives the model store's real modules (installFromUrl,
// IndexedDB chunks, verify) and answers with plain JSON the spec can assert on.
import { keys } from 'idb-keyval';
import { openModelDb } from '../../src/store/idb/db.ts';
import { deleteModel, listModels, readFile, readText, storageUsed } from '../../src/store/idb/model-store.ts';
import { installFromUrl, type InstallOptions } from '../../src/store/download/install.ts';
import type { DownloadProgress } from '../../src/store/download/progress.ts';
import { StoreError } from '../../src/store/store-error.ts';
import { sha256Hex } from '../../src/store/verify/sha256.ts';
import { verifyModel } from '../../src/store/verify/verify-model.ts';

export interface ErrorJson {
  name: string;
  code: string | undefined;
  message: string;
  detail: Record<string, unknown>;
}

export interface InstallReport {
  ok: boolean;
  error?: ErrorJson;
  /** Recoverable problems, in order (each followed by a retry). */
  retried: ErrorJson[];
  progress: DownloadProgress[];
  ms: number;
  result?: { state: string; receivedBytes: number; storedChunks: number; requests: number; retries: number; persisted: boolean | undefined };
}

const toJson = (e: unknown): ErrorJson =>
  e instanceof StoreError
    ? { name: e.name, code: e.code, message: e.message, detail: { ...e.detail } }
    : { name: (e as Error)?.name ?? 'Error', code: undefined, message: String((e as Error)?.message ?? e), detail: {} };

const store = {
  async install(url: string, options: Pick<InstallOptions, 'retries' | 'integrityRetries' | 'backoffMs'> = {}): Promise<InstallReport> {
    const progress: DownloadProgress[] = [];
    const retried: ErrorJson[] = [];
    const start = performance.now();
    try {
      const r = await installFromUrl(url, {
        ...options,
        progressIntervalMs: 50,
        onProgress: (p) => progress.push(p),
        onRetry: (e) => retried.push(toJson(e)),
      });
      const result = {
        state: r.record.state,
        receivedBytes: r.receivedBytes,
        storedChunks: r.storedChunks,
        requests: r.requests,
        retries: r.retries,
        persisted: r.persisted,
      };
      return { ok: true, retried, progress, ms: performance.now() - start, result };
    } catch (e) {
      return { ok: false, error: toJson(e), retried, progress, ms: performance.now() - start };
    }
  },
  models: async () =>
    (await listModels()).map((m) => ({ id: m.id, state: m.state, bytes: m.bytes, verifiedChunks: [...m.verifiedChunks] })),
  verify: (id: string) => verifyModel(id),
  storageUsed: (id: string) => storageUsed(id),
  deleteModel: (id: string) => deleteModel(id),
  /** Every key in the chunks store, sorted. */
  chunkKeys: async () => (await keys<string>(openModelDb().chunks)).sort(),
  fileSha256: async (id: string, path: string) => {
    const blob = await readFile(id, path);
    return { bytes: blob.size, sha256: await sha256Hex(blob) };
  },
  readText: (id: string, path: string) => readText(id, path),
  readError: (id: string, path: string) => readFile(id, path).then(() => undefined, toJson),
  estimate: async () => {
    const { usage, quota } = await navigator.storage.estimate();
    return { usage: usage ?? 0, quota: quota ?? 0 };
  },
};

export type StoreHarness = typeof store;
(window as unknown as { store: StoreHarness }).store = store;
