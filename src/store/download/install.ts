// installFromUrl: downloads a model bundle (a folder URL with manifest.json) into the store, chunk by chunk, each
// sha256-verified before it is kept; resumable after a pause (abort), a dropped connection or a reload. The model
// turns 'installed' in one write once every chunk is verified, and never before.
import { type BundleManifest, type ManifestFile, parseManifest } from '../bundle/manifest.ts';
import type { ModelRecord } from '../idb/model-record.ts';
import { modelStorage, type ModelStorage } from '../idb/model-store.ts';
import { asCancelled, StoreError } from '../store-error.ts';
import { FileFetcher } from './file-fetcher.ts';
import { keepVerified, type PlannedChunk, planDownload } from './plan.ts';
import { type DownloadProgress, ProgressReporter } from './progress.ts';
import { browserStorage, checkQuota, requestPersistence, type StorageAccess } from './quota.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';

export interface InstallOptions extends Partial<RetryPolicy> {
  /** Aborting pauses: verified chunks stay, and installFromUrl again resumes. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DownloadProgress) => void;
  /** Each recoverable problem (dropped connection, 5xx, corrupt chunk), just before its retry. */
  readonly onRetry?: (error: StoreError) => void;
  /** Least time between progress events (default 250 ms); the closing event always goes out. */
  readonly progressIntervalMs?: number;
  /** Defaults: the global fetch, the origin's IndexedDB store, navigator.storage. */
  readonly fetch?: typeof fetch;
  readonly storage?: ModelStorage;
  readonly storageAccess?: StorageAccess;
}

export interface InstallResult {
  readonly record: ModelRecord;
  /** Bytes that arrived over the network this call (corrupt and cut-off bytes included; manifest.json not). */
  readonly receivedBytes: number;
  /** Chunks fetched and stored this call. */
  readonly storedChunks: number;
  /** HTTP requests this call, manifest.json included. */
  readonly requests: number;
  /** Retries after recoverable problems. */
  readonly retries: number;
  /** navigator.storage.persist()'s answer; undefined where it does not exist (workers). */
  readonly persisted: boolean | undefined;
}

export async function installFromUrl(bundleUrl: string, o: InstallOptions = {}): Promise<InstallResult> {
  const base = new URL(bundleUrl.endsWith('/') ? bundleUrl : `${bundleUrl}/`, globalThis.location?.href).href;
  const fetcher = o.fetch ?? globalThis.fetch.bind(globalThis);
  const storage = o.storage ?? modelStorage();
  const access = o.storageAccess ?? browserStorage();
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...definedOnly(o) };
  let requests = 0;
  let retries = 0;
  let receivedBytes = 0;
  let storedChunks = 0;
  try {
    // 1. The manifest: fetched, validated, compared with what the store already has.
    requests++;
    const manifest = await fetchManifest(fetcher, `${base}manifest.json`, o.signal);
    const existing = await storage.getModel(manifest.id);
    const reporter = new ProgressReporter(manifest.totalBytes, o.onProgress ?? (() => {}), o.progressIntervalMs);
    if (existing?.state === 'installed' && sameManifest(existing.manifest, manifest)) {
      reporter.update(manifest.totalBytes, 0);
      return { record: existing, receivedBytes, storedChunks, requests, retries, persisted: undefined };
    }
    const verified = existing ? keepVerified(existing.manifest, manifest, existing.verifiedChunks) : [];
    const plan = planDownload(manifest, new Set(verified));

    // 2. Space: checked against what is still missing before any chunk is fetched; persistence requested.
    await checkQuota(access, plan.missingBytes, `${manifest.name} (${manifest.id})`);
    const persisted = await requestPersistence(access);
    let record: ModelRecord = {
      id: manifest.id,
      manifest,
      state: 'downloading',
      verifiedChunks: verified,
      bytes: plan.doneBytes,
      updatedAt: Date.now(),
      source: base,
    };
    await storage.putRecord(record);
    // Chunks of an earlier manifest that no longer match: dropped once the record stops listing them.
    const kept = new Set(verified);
    if (existing) await storage.deleteChunks(manifest.id, existing.verifiedChunks.filter((n) => !kept.has(n)));

    // 3. Every missing chunk, file by file: fetched, verified, stored with the record that lists it.
    let inFlight = 0;
    reporter.update(record.bytes, receivedBytes);
    const onBytes = (n: number) => {
      inFlight += n;
      receivedBytes += n;
      reporter.update(record.bytes + inFlight, receivedBytes);
    };
    const onRetry = (e: StoreError) => {
      retries++;
      // A corrupt chunk starts over; after a dropped connection the bytes already in are kept.
      if (e.code === 'integrity') inFlight = 0;
      o.onRetry?.(e);
    };
    const ctx = { fetch: fetcher, signal: o.signal, retry, onBytes, onRetry };
    const byFile = new Map<ManifestFile, PlannedChunk[]>();
    for (const c of plan.missing) byFile.get(c.file)?.push(c) ?? byFile.set(c.file, [c]);
    for (const [file, chunks] of byFile) {
      const files = new FileFetcher(base + file.path, file, ctx);
      try {
        for (const chunk of chunks) {
          o.signal?.throwIfAborted();
          inFlight = 0;
          const bytes = await files.fetchVerified(chunk);
          record = {
            ...record,
            verifiedChunks: [...record.verifiedChunks, chunk.name],
            bytes: record.bytes + chunk.bytes,
            updatedAt: Date.now(),
          };
          await storage.putChunk(record, file.path, chunk.index, new Blob([bytes]));
          storedChunks++;
          inFlight = 0;
          reporter.update(record.bytes, receivedBytes);
        }
      } finally {
        files.close();
        requests += files.requests;
      }
    }

    // 4. The one flip to 'installed'.
    record = { ...record, state: 'installed', updatedAt: Date.now() };
    await storage.putRecord(record);
    reporter.update(manifest.totalBytes, receivedBytes);
    return { record, receivedBytes, storedChunks, requests, retries, persisted };
  } catch (e) {
    throw asCancelled(e, o.signal);
  }
}

async function fetchManifest(fetcher: typeof fetch, url: string, signal: AbortSignal | undefined): Promise<BundleManifest> {
  let response: Response;
  try {
    response = await fetcher(url, { cache: 'no-cache', ...(signal ? { signal } : {}) });
  } catch (e) {
    const cancelled = asCancelled(e, signal);
    if (cancelled instanceof StoreError) throw cancelled;
    throw new StoreError('network', `could not fetch ${url}: ${(e as Error).message}`, { url, file: 'manifest.json' });
  }
  if (!response.ok) {
    response.body?.cancel().catch(() => {});
    throw new StoreError('http', `the server answered ${response.status} for ${url}`, { url, file: 'manifest.json', status: response.status });
  }
  const manifest = parseManifest(await response.text());
  return manifest;
}

const sameManifest = (a: BundleManifest, b: BundleManifest) => JSON.stringify(a) === JSON.stringify(b);

function definedOnly(o: Partial<RetryPolicy>): Partial<RetryPolicy> {
  return Object.fromEntries(
    (['retries', 'integrityRetries', 'backoffMs'] as const).filter((k) => o[k] !== undefined).map((k) => [k, o[k]]),
  );
}
