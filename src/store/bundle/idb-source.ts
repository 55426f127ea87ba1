// idbBundleSource: an installed model's files in the model store (IndexedDB) as a BundleSource. Files come back as
// one Blob made of their chunk Blobs, so onnxruntime-web can take external data without a copy in JS memory.
import { modelStorage, readStoredFile, type ModelStorage } from '../idb/model-store.ts';
import { StoreError } from '../store-error.ts';
import type { BundleSource } from './source.ts';

/** A BundleSource whose files are always Blobs. */
export interface BlobBundleSource extends BundleSource {
  readFile(path: string): Promise<Blob>;
}

/** Refuses (StoreError 'missing') a model that is not in the store or not installed yet. */
export async function idbBundleSource(modelId: string, storage: ModelStorage = modelStorage()): Promise<BlobBundleSource> {
  const record = await storage.getModel(modelId);
  if (record === undefined) throw new StoreError('missing', `model ${modelId} is not in the store`);
  if (record.state !== 'installed') {
    throw new StoreError('missing', `model ${modelId} is not installed yet (${record.bytes} of ${record.manifest.totalBytes} bytes stored)`);
  }
  // The store keeps the manifest in the record, not as a file; it is served under its bundle name all the same.
  const manifest = JSON.stringify(record.manifest);
  const readFile = async (path: string): Promise<Blob> =>
    path === 'manifest.json' ? new Blob([manifest], { type: 'application/json' }) : readStoredFile(storage, modelId, path);
  return {
    label: `the model store (${modelId})`,
    readText: async (path) => (path === 'manifest.json' ? manifest : (await readFile(path)).text()),
    readFile,
  };
}
