// The page's handle on the model store: the one file in app/ that imports src/store. Downloads are async I/O and run
// on the main thread; a checkpoint import (safetensors parsing, 4-bit quantization, hashing) runs in the store worker
// (src/workers/store.worker.ts), which this file starts on first use and talks to over comlink.
import { proxy, type Remote, transferHandlers, wrap } from 'comlink';
import { storeThrowHandler } from '../protocol/store-throw.ts';
import type { BundlePrecision, CheckpointComponent, StoreApi, StoreProgress } from '../protocol/store.ts';
import { installFromUrl } from '../store/download/install.ts';
import { etaSeconds, RateMeter, type DownloadProgress } from '../store/download/progress.ts';
import type { ModelRecord } from '../store/idb/model-record.ts';
import type { BundleManifest } from '../store/bundle/manifest.ts';
import { deleteModel, getModel, listModels, storageUsed } from '../store/idb/model-store.ts';
import type { StoreErrorCode, StoreErrorDetail } from '../store/store-error.ts';
import { verifyModel } from '../store/verify/verify-model.ts';

export type { BundlePrecision, CheckpointComponent, DownloadProgress, StoreErrorCode, StoreErrorDetail };

/** One model in the store, as the page shows it. */
export interface StoredModel {
  readonly id: string;
  readonly name: string;
  readonly precision: string;
  readonly notice?: string;
  /** 'installed' only once every chunk was stored and verified (the store flips it in one write). */
  readonly state: 'downloading' | 'installed';
  /** Bytes of the chunks verified so far, and of the whole bundle. */
  readonly verifiedBytes: number;
  readonly totalBytes: number;
  /** Bytes of the chunks actually present in IndexedDB: what deleting the model frees. */
  readonly storedBytes: number;
  /** The bundle URL it was downloaded from (with a trailing slash); a paused download resumes from it. */
  readonly source?: string;
}

/** The outcome of re-hashing a stored model: chunk names (`unet.onnx#3`) that are missing or differ. */
export interface IntegrityReport {
  readonly chunks: number;
  readonly missing: readonly string[];
  readonly corrupt: readonly string[];
}

export interface SpaceEstimate {
  /** Bytes this origin uses, and may use at most (navigator.storage.estimate()). */
  readonly usage: number;
  readonly quota: number;
}

export interface InstallCallbacks {
  /** Aborting pauses the download; verified chunks stay and install() again resumes. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

/** How far a checkpoint import is: checkpoint weight bytes read (and converted) of all of them. */
export interface ImportProgress {
  /** The component being read and converted. */
  readonly component: CheckpointComponent;
  readonly done: number;
  readonly total: number;
  /** Smoothed read rate, measured here from the importer's events; undefined until measured. */
  readonly bytesPerSecond: number | undefined;
  readonly etaSeconds: number | undefined;
}

export interface ImportCallbacks {
  /** Aborting cancels the import; the store removes everything it stored (an import is not resumable). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportOutcome {
  readonly model: StoredModel;
  /** The model was installed already under this id: nothing was fetched. */
  readonly alreadyInstalled: boolean;
}

export interface StoreClient {
  list(): Promise<StoredModel[]>;
  /** Downloads (or resumes) the bundle at `bundleUrl`; rejects with a StoreError-like `{ code, message, detail }`. */
  install(bundleUrl: string, callbacks?: InstallCallbacks): Promise<StoredModel>;
  remove(id: string): Promise<void>;
  verify(id: string): Promise<IntegrityReport>;
  /** undefined where the browser gives no estimate. */
  estimate(): Promise<SpaceEstimate | undefined>;
  /**
   * Builds a bundle of `precision` from the diffusers checkpoint at `checkpointUrl` (its folder in the Hugging Face
   * layout) and installs it as `i2vgen-xl-<precision>`; rejects with a StoreError-like value.
   */
  importCheckpoint(checkpointUrl: string, precision: BundlePrecision, callbacks?: ImportCallbacks): Promise<ImportOutcome>;
}

async function toStoredModel(record: ModelRecord): Promise<StoredModel> {
  const { manifest } = record;
  return {
    id: record.id,
    name: manifest.name,
    precision: manifest.precision,
    ...(manifest.notice === undefined ? {} : { notice: manifest.notice }),
    state: record.state,
    verifiedBytes: record.bytes,
    totalBytes: manifest.totalBytes,
    storedBytes: await storageUsed(record.id),
    ...(record.source === undefined ? {} : { source: record.source }),
  };
}

/** The store of this origin, used from the page. */
export const pageStore: StoreClient = {
  async list() {
    return Promise.all((await listModels()).map(toStoredModel));
  },
  async install(bundleUrl, { signal, onProgress } = {}) {
    const { record } = await installFromUrl(bundleUrl, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
    return toStoredModel(record);
  },
  remove: deleteModel,
  async verify(id) {
    const checks = await verifyModel(id);
    const named = (status: string) => checks.filter((c) => c.status === status).map((c) => c.chunk);
    return { chunks: checks.length, missing: named('missing'), corrupt: named('corrupt') };
  },
  async estimate() {
    const storage = globalThis.navigator?.storage;
    if (storage?.estimate === undefined) return undefined;
    const { usage, quota } = await storage.estimate();
    return quota === undefined ? undefined : { usage: usage ?? 0, quota };
  },
  async importCheckpoint(checkpointUrl, precision, { signal, onProgress } = {}) {
    signal?.throwIfAborted();
    const worker = storeWorker();
    const jobId = `import-${++jobs}`;
    const cancel = () => void worker.cancel(jobId);
    signal?.addEventListener('abort', cancel, { once: true });
    const meter = new RateMeter();
    const forward = (p: StoreProgress) => {
      if (p.stage !== 'import' || !onProgress) return;
      const rate = meter.sample(performance.now(), p.done);
      onProgress({ component: p.component, done: p.done, total: p.total, bytesPerSecond: rate, etaSeconds: etaSeconds(p.total - p.done, rate) });
    };
    try {
      const summary = await worker.importCheckpoint({ jobId, checkpointUrl, precision }, proxy(forward));
      const record = await getModel(summary.model.id);
      if (record === undefined) throw new Error(`the store worker installed ${summary.model.id}, but the page cannot find it`);
      return { model: await toStoredModel(record), alreadyInstalled: summary.alreadyInstalled };
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  },
};

let remote: Remote<StoreApi> | undefined;
let jobs = 0;

/** The store worker, started on first use. */
function storeWorker(): Remote<StoreApi> {
  // comlink keeps one "throw" handler per page; the store's also passes EngineErrors through as the engine's does.
  transferHandlers.set('throw', storeThrowHandler);
  remote ??= wrap<StoreApi>(new Worker(new URL('../workers/store.worker.ts', import.meta.url), { type: 'module', name: 'localmotion-store' }));
  return remote;
}

/** The manifest of a stored model (the memory pre-flight reads its file sizes and configs); undefined if absent. */
export async function storedManifest(id: string): Promise<BundleManifest | undefined> {
  return (await getModel(id))?.manifest;
}
