// importCheckpoint: builds a LocalMotion bundle on the device from the official diffusers checkpoint (or any
// I2VGen-XL checkpoint in the Hugging Face URL layout) and installs it in the model store. Safetensors headers and
// tensors are read with HTTP Range requests as the graph builder asks for them; the converter is the CLI's
// (convertCheckpoint), writing through StoreBundleWriter into sha256-checked chunks; the model turns 'installed' in
// one last write. Memory follows the largest tensor and one chunk, not the checkpoint.
import type { ComponentName } from '../../graph/components.ts';
import type { QuantPolicy } from '../../graph/quant/policy.ts';
import { isPrecision, type Precision } from '../../graph/quant/precision.ts';
import { convertCheckpoint } from '../bundle/convert.ts';
import { MAX_CHUNK_BYTES, parseManifest } from '../bundle/manifest.ts';
import type { ModelRecord } from '../idb/model-record.ts';
import { modelStorage, type ModelStorage } from '../idb/model-store.ts';
import { browserStorage, checkQuota, requestPersistence, type StorageAccess } from '../download/quota.ts';
import type { RetryPolicy } from '../download/retry.ts';
import { StoreError } from '../store-error.ts';
import { httpCheckpointReader } from './http-checkpoint.ts';
import { importError } from './import-error.ts';
import { checkpointBase, estimateBundleBytes } from './layout.ts';
import { defaultModelId } from './model-id.ts';
import { planImport } from './plan.ts';
import { type ImportProgress, ImportReporter } from './progress.ts';
import { StoreBundleWriter } from './store-writer.ts';

export interface ImportOptions extends Partial<RetryPolicy> {
  /** Default q4f32 (runs without shader-f16); q4f16 where the adapter has shader-f16. */
  readonly precision?: Precision;
  /** Store id; default `i2vgen-xl-<precision>`, as `npm run convert` names it. */
  readonly id?: string;
  readonly name?: string;
  readonly policy?: QuantPolicy;
  /** Chunk size in the store and the manifest (default and most: 64 MiB). */
  readonly chunkBytes?: number;
  /** Aborting stops at the next tensor or chunk and removes what the import stored (it is not resumable). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ImportProgress) => void;
  /** Least time between progress events (default 250 ms); the closing event always goes out. */
  readonly progressIntervalMs?: number;
  /** Bytes of each weights file fetched with its header (default 1 MiB; a smaller file comes whole). */
  readonly headBytes?: number;
  /** Defaults: the global fetch, the origin's IndexedDB store, navigator.storage. */
  readonly fetch?: typeof fetch;
  readonly storage?: ModelStorage;
  readonly storageAccess?: StorageAccess;
}

export interface ImportResult {
  readonly record: ModelRecord;
  /** The model was installed already: nothing was fetched. */
  readonly alreadyInstalled: boolean;
  /** HTTP requests this call (HEAD and GET, retries included). */
  readonly requests: number;
  /** Body bytes received this call. */
  readonly receivedBytes: number;
  /** Bytes of all the checkpoint's weights files (the import reads at most these, plus small text files). */
  readonly checkpointBytes: number;
  readonly storedChunks: number;
  /** navigator.storage.persist()'s answer; undefined where it does not exist (workers). */
  readonly persisted: boolean | undefined;
}

export async function importCheckpoint(checkpointUrl: string, o: ImportOptions = {}): Promise<ImportResult> {
  const precision = o.precision ?? 'q4f32';
  if (!isPrecision(precision)) throw new StoreError('manifest', `precision must be one of fp32, fp16, q4f16, q4f32, got ${String(precision)}`);
  const id = o.id ?? defaultModelId(precision);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw new StoreError('manifest', `model id ${JSON.stringify(id)} may only hold letters, digits, '.', '_' and '-'`);
  const chunkBytes = o.chunkBytes ?? MAX_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) {
    throw new StoreError('manifest', `chunkBytes must be 1..${MAX_CHUNK_BYTES}, got ${chunkBytes}`);
  }
  const storage = o.storage ?? modelStorage();
  const base = checkpointBase(checkpointUrl, globalThis.location?.href);
  const existing = await storage.getModel(id);
  if (existing?.state === 'installed') {
    const t = existing.manifest.totalBytes;
    o.onProgress?.({ stage: 'import', component: 'unet', done: t, total: t, unit: 'bytes' });
    return { record: existing, alreadyInstalled: true, requests: 0, receivedBytes: 0, checkpointBytes: 0, storedChunks: 0, persisted: undefined };
  }

  let component: ComponentName = 'text_encoder';
  let reporter: ImportReporter | undefined;
  let weightBytesRead = 0;
  const reader = httpCheckpointReader(base, {
    ...o,
    onRead: (n) => {
      weightBytesRead += n;
      reporter?.update(component, weightBytesRead);
    },
  });
  let writer: StoreBundleWriter | undefined;
  try {
    // 1. The checkpoint: configs, model classes, weights files and their headers.
    const plan = await planImport(reader, o.signal);
    reporter = new ImportReporter(plan.weightBytes, o.onProgress ?? (() => {}), o.progressIntervalMs);
    reporter.update(component, weightBytesRead);

    // 2. Space for the bundle, checked before it is written; persistence asked for.
    const name = o.name ?? `I2VGen-XL (${precision})`;
    await checkQuota(o.storageAccess ?? browserStorage(), estimateBundleBytes(plan.parameters, precision), `${name} (${id})`);
    const persisted = await requestPersistence(o.storageAccess ?? browserStorage());

    // 3. Convert straight into the store. What an earlier unfinished import or download left under this id goes.
    if (existing) await storage.deleteModel(id);
    writer = new StoreBundleWriter(storage, { id, name, precision, chunkBytes });
    await writer.begin();
    const manifest = await convertCheckpoint(
      reader,
      writer,
      { precision, id, name, chunkBytes, ...(o.policy ? { policy: o.policy } : {}), ...(o.signal ? { signal: o.signal } : {}) },
      (e) => {
        if (e.type === 'component') component = e.component;
      },
    );
    reader.release();
    o.signal?.throwIfAborted();

    // 4. Every stored chunk checked against the manifest, then the one flip to 'installed'.
    const record = await writer.install(parseManifest(JSON.stringify(manifest)));
    reporter.finish(component);
    const { requests, receivedBytes } = reader.http;
    return { record, alreadyInstalled: false, requests, receivedBytes, checkpointBytes: plan.weightBytes, storedChunks: writer.storedChunks, persisted };
  } catch (e) {
    reader.release();
    // Not resumable: nothing of an unfinished import stays behind.
    if (writer) await storage.deleteModel(id).catch(() => {});
    throw importError(e, o.signal);
  }
}
