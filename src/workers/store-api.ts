// StoreService: the store worker's StoreApi over the model store (download, checkpoint import, list, delete,
// space). Each long job runs under its own AbortController, found by the caller's job id for cancel().
import type {
  ImportRequest,
  ImportSummary,
  InstallRequest,
  InstallSummary,
  StorageSpace,
  StoreApi,
  StoredModel,
  StoreProgress,
} from '../protocol/store.ts';
import { installFromUrl } from '../store/download/install.ts';
import { browserStorage, type StorageAccess } from '../store/download/quota.ts';
import type { ModelRecord } from '../store/idb/model-record.ts';
import { modelStorage, type ModelStorage } from '../store/idb/model-store.ts';
import { importCheckpoint } from '../store/import/import-checkpoint.ts';

export class StoreService implements StoreApi {
  private readonly jobs = new Map<string, AbortController>();

  constructor(
    private readonly storage: ModelStorage = modelStorage(),
    private readonly access: StorageAccess | undefined = browserStorage(),
  ) {}

  installFromUrl(request: InstallRequest, onProgress?: (p: StoreProgress) => void): Promise<InstallSummary> {
    return this.job(request.jobId, async (signal) => {
      const r = await installFromUrl(text(request.bundleUrl, 'bundleUrl'), {
        signal,
        storage: this.storage,
        ...(this.access ? { storageAccess: this.access } : {}),
        ...(onProgress ? { onProgress: forward(onProgress) } : {}),
      });
      return { model: storedModel(r.record), receivedBytes: r.receivedBytes, storedChunks: r.storedChunks, requests: r.requests, retries: r.retries };
    });
  }

  importCheckpoint(request: ImportRequest, onProgress?: (p: StoreProgress) => void): Promise<ImportSummary> {
    return this.job(request.jobId, async (signal) => {
      const started = performance.now();
      const r = await importCheckpoint(text(request.checkpointUrl, 'checkpointUrl'), {
        signal,
        storage: this.storage,
        ...(this.access ? { storageAccess: this.access } : {}),
        ...(onProgress ? { onProgress: forward(onProgress) } : {}),
        ...(request.precision ? { precision: request.precision } : {}),
        ...(request.id ? { id: request.id } : {}),
        ...(request.name ? { name: request.name } : {}),
        ...(request.chunkBytes ? { chunkBytes: request.chunkBytes } : {}),
      });
      return {
        model: storedModel(r.record),
        alreadyInstalled: r.alreadyInstalled,
        requests: r.requests,
        receivedBytes: r.receivedBytes,
        checkpointBytes: r.checkpointBytes,
        storedChunks: r.storedChunks,
        ms: performance.now() - started,
      };
    });
  }

  async cancel(jobId: string): Promise<boolean> {
    const job = this.jobs.get(jobId);
    job?.abort();
    return job !== undefined;
  }

  async listModels(): Promise<StoredModel[]> {
    return (await this.storage.listModels()).map(storedModel);
  }

  deleteModel(id: string): Promise<void> {
    return this.storage.deleteModel(text(id, 'id'));
  }

  storageUsed(id: string): Promise<number> {
    return this.storage.storageUsed(text(id, 'id'));
  }

  async estimate(): Promise<StorageSpace> {
    const e = await this.access?.estimate();
    return { usage: e?.usage ?? 0, quota: e?.quota ?? 0 };
  }

  private async job<T>(jobId: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    text(jobId, 'jobId');
    if (this.jobs.has(jobId)) throw new Error(`job ${jobId} is already running`);
    const controller = new AbortController();
    this.jobs.set(jobId, controller);
    try {
      return await run(controller.signal);
    } finally {
      this.jobs.delete(jobId);
    }
  }
}

/** Progress goes to the page without waiting for it (a comlink call per event would otherwise pace the job). */
function forward(onProgress: (p: StoreProgress) => void): (p: StoreProgress) => void {
  return (p) => void Promise.resolve(onProgress(p)).catch(() => {});
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

export function storedModel(r: ModelRecord): StoredModel {
  const m = r.manifest;
  return {
    id: r.id,
    name: m.name,
    precision: m.precision,
    state: r.state,
    bytes: r.bytes,
    totalBytes: m.totalBytes,
    requiredFeatures: [...m.requiredFeatures],
    ...(m.notice === undefined ? {} : { notice: m.notice }),
    updatedAt: r.updatedAt,
    ...(r.source === undefined ? {} : { source: r.source }),
  };
}
