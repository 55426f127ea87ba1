// StoreApi: what the page may ask of the store worker (download a bundle, import a checkpoint, list, delete,
// measure), the progress events that come back, and the plain-object form StoreErrors take across the worker
// boundary. Types only.

export type BundlePrecision = 'fp32' | 'fp16' | 'q4f16' | 'q4f32';
export type CheckpointComponent = 'text_encoder' | 'image_encoder' | 'vae' | 'unet';

export interface StoredModel {
  readonly id: string;
  readonly name: string;
  readonly precision: BundlePrecision;
  /** 'installed' only once every chunk is stored and verified; anything else is a paused or broken install. */
  readonly state: 'downloading' | 'installed';
  /** Bytes stored and verified so far. */
  readonly bytes: number;
  /** Bytes of the whole bundle (of the files known so far, while an import runs). */
  readonly totalBytes: number;
  readonly requiredFeatures: readonly string[];
  readonly notice?: string;
  /** Date.now() of the last change. */
  readonly updatedAt: number;
  /** The bundle URL a download came from (resume with installFromUrl). */
  readonly source?: string;
}

export interface DownloadProgressEvent {
  readonly stage: 'download';
  readonly done: number;
  readonly total: number;
  readonly unit: 'bytes';
  /** Smoothed transfer rate; undefined until measured. */
  readonly bytesPerSecond: number | undefined;
  readonly etaSeconds: number | undefined;
}

export interface ImportProgressEvent {
  readonly stage: 'import';
  /** The component being read and converted. */
  readonly component: CheckpointComponent;
  /** Checkpoint weight bytes read so far, of all weight bytes. */
  readonly done: number;
  readonly total: number;
  readonly unit: 'bytes';
}

export type StoreProgress = DownloadProgressEvent | ImportProgressEvent;

export interface InstallRequest {
  /** Chosen by the caller, so it can cancel the job while it runs. */
  readonly jobId: string;
  /** Folder URL of a bundle (manifest.json inside), resolved against the worker's location. */
  readonly bundleUrl: string;
}

export interface InstallSummary {
  readonly model: StoredModel;
  readonly receivedBytes: number;
  readonly storedChunks: number;
  readonly requests: number;
  readonly retries: number;
}

export interface ImportRequest {
  readonly jobId: string;
  /** The checkpoint's folder in the Hugging Face layout (`https://huggingface.co/ali-vilab/i2vgen-xl` works too). */
  readonly checkpointUrl: string;
  /** Default q4f32 (no shader-f16 needed); q4f16 for adapters with shader-f16. */
  readonly precision?: BundlePrecision;
  /** Store id; default `i2vgen-xl-<precision>`. */
  readonly id?: string;
  readonly name?: string;
  /** Chunk size in the store (default and most: 64 MiB). */
  readonly chunkBytes?: number;
}

export interface ImportSummary {
  readonly model: StoredModel;
  /** It was installed already; nothing was fetched. */
  readonly alreadyInstalled: boolean;
  readonly requests: number;
  readonly receivedBytes: number;
  /** Bytes of the checkpoint's weights files. */
  readonly checkpointBytes: number;
  readonly storedChunks: number;
  readonly ms: number;
}

export interface StorageSpace {
  /** navigator.storage.estimate() of the origin, bytes. */
  readonly usage: number;
  readonly quota: number;
}

export interface StoreApi {
  /** Downloads (or resumes) a bundle; cancel pauses it, keeping the verified chunks. */
  installFromUrl(request: InstallRequest, onProgress?: (p: StoreProgress) => void): Promise<InstallSummary>;
  /** Builds a bundle from a diffusers checkpoint; cancel stops it and removes what it stored. */
  importCheckpoint(request: ImportRequest, onProgress?: (p: StoreProgress) => void): Promise<ImportSummary>;
  /** Aborts the job (it rejects with StoreError 'cancelled'); false when no such job runs. */
  cancel(jobId: string): Promise<boolean>;
  listModels(): Promise<StoredModel[]>;
  deleteModel(id: string): Promise<void>;
  /** Bytes stored for the model. */
  storageUsed(id: string): Promise<number>;
  estimate(): Promise<StorageSpace>;
}

/** The structured-clone form of a StoreError (tagged, so one throw handler can tell it from an EngineError's). */
export interface SerializedStoreError {
  readonly kind: 'StoreError';
  readonly code: string;
  readonly message: string;
  readonly detail: Readonly<Record<string, string | number | undefined>>;
  readonly stack?: string;
}

export const isSerializedStoreError = (value: unknown): value is SerializedStoreError =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'StoreError';
