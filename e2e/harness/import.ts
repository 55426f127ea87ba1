// Harness for e2e/store-import.spec.ts: window.importHarness drives the real store worker over comlink (import a
// checkpoint, cancel, list, delete) and reads what it stored through idbBundleSource, answering with plain JSON.
import { proxy, transferHandlers, wrap } from 'comlink';
import type { ImportRequest, ImportSummary, InstallRequest, InstallSummary, StoreApi, StoreProgress } from '../../src/protocol/store.ts';
import { storeThrowHandler } from '../../src/protocol/store-throw.ts';
import { idbBundleSource } from '../../src/store/bundle/idb-source.ts';
import { parseManifest } from '../../src/store/bundle/manifest.ts';
import { keys } from 'idb-keyval';
import { openModelDb } from '../../src/store/idb/db.ts';
import { StoreError } from '../../src/store/store-error.ts';
import { sha256Hex } from '../../src/store/verify/sha256.ts';

transferHandlers.set('throw', storeThrowHandler);
const worker = new Worker(new URL('../../src/workers/store.worker.ts', import.meta.url), { type: 'module', name: 'localmotion-store' });
const store = wrap<StoreApi>(worker);

export interface ErrorJson {
  name: string;
  code: string | undefined;
  message: string;
  detail: Record<string, unknown>;
}

export interface ImportReport {
  ok: boolean;
  value?: ImportSummary;
  error?: ErrorJson;
  progress: StoreProgress[];
  /** With cancelOnceStored: the states listModels() showed once the first chunk was stored. */
  statesSeen: string[];
}

const toJson = (e: unknown): ErrorJson =>
  e instanceof StoreError
    ? { name: e.name, code: e.code, message: e.message, detail: { ...e.detail } }
    : { name: (e as Error)?.name ?? 'Error', code: (e as { code?: string })?.code, message: String((e as Error)?.message ?? e), detail: {} };

const harness = {
  /**
   * Imports. With `cancelOnceStored`, cancels as soon as the first chunk is in
   * IndexedDB (and records the model states seen until then).
   */
  async import(request: ImportRequest, cancelOnceStored = false): Promise<ImportReport> {
    const progress: StoreProgress[] = [];
    const statesSeen: string[] = [];
    let running = true;
    const canceller = (async () => {
      while (running && cancelOnceStored) {
        if ((await keys(openModelDb().chunks)).length > 0) {
          statesSeen.push(...(await store.listModels()).map((m) => m.state));
          await store.cancel(request.jobId);
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const report = await store.importCheckpoint(request, proxy((p: StoreProgress) => void progress.push(p))).then(
      (value): ImportReport => ({ ok: true, value, progress, statesSeen }),
      (e: unknown): ImportReport => ({ ok: false, error: toJson(e), progress, statesSeen }),
    );
    running = false;
    await canceller;
    return report;
  },
  /** Downloads a prebuilt bundle through the worker. */
  async install(request: InstallRequest): Promise<{ ok: boolean; value?: InstallSummary; error?: ErrorJson; progress: StoreProgress[] }> {
    const progress: StoreProgress[] = [];
    return store.installFromUrl(request, proxy((p: StoreProgress) => void progress.push(p))).then(
      (value) => ({ ok: true, value, progress }),
      (e: unknown) => ({ ok: false, error: toJson(e), progress }),
    );
  },
  estimate: () => store.estimate(),
  models: () => store.listModels(),
  deleteModel: (id: string) => store.deleteModel(id),
  storageUsed: (id: string) => store.storageUsed(id),
  /** Every file of an installed model, read back from IndexedDB and hashed here: { path: [bytes, sha256] }. */
  async storedFiles(id: string): Promise<Record<string, [number, string]>> {
    const source = await idbBundleSource(id);
    const manifest = parseManifest(await source.readText('manifest.json'));
    const out: Record<string, [number, string]> = {};
    for (const f of manifest.files) {
      const blob = await source.readFile(f.path);
      out[f.path] = [blob.size, await sha256Hex(blob)];
    }
    return out;
  },
  sourceError: (id: string) => idbBundleSource(id).then(() => undefined, toJson),
  chunkKeys: async () => (await keys<string>(openModelDb().chunks)).sort(),
};

export type ImportHarness = typeof harness;
(window as unknown as { importHarness: ImportHarness }).importHarness = harness;
