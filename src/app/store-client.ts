// The page's handle on the model store: the one file in app/ that imports src/store. Downloads are async I/O, so for
// now they run on the main thread; when the store worker lands, this file becomes its comlink wrapper and nothing
// else in app/ changes.
import { installFromUrl } from '../store/download/install.ts';
import type { DownloadProgress } from '../store/download/progress.ts';
import type { ModelRecord } from '../store/idb/model-record.ts';
import type { BundleManifest } from '../store/bundle/manifest.ts';
import { deleteModel, getModel, listModels, storageUsed } from '../store/idb/model-store.ts';
import type { StoreErrorCode, StoreErrorDetail } from '../store/store-error.ts';
import { verifyModel } from '../store/verify/verify-model.ts';

export type { DownloadProgress, StoreErrorCode, StoreErrorDetail };

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

export interface StoreClient {
  list(): Promise<StoredModel[]>;
  /** Downloads (or resumes) the bundle at `bundleUrl`; rejects with a StoreError-like `{ code, message, detail }`. */
  install(bundleUrl: string, callbacks?: InstallCallbacks): Promise<StoredModel>;
  remove(id: string): Promise<void>;
  verify(id: string): Promise<IntegrityReport>;
  /** undefined where the browser gives no estimate. */
  estimate(): Promise<SpaceEstimate | undefined>;
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
};

/** The manifest of a stored model (the memory pre-flight reads its file sizes and configs); undefined if absent. */
export async function storedManifest(id: string): Promise<BundleManifest | undefined> {
  return (await getModel(id))?.manifest;
}
