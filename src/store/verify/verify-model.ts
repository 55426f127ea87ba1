// Re-checks a stored model: reads every chunk back from the store and compares its sha256 with the manifest's.
import { modelStorage, type ModelStorage } from '../idb/model-store.ts';
import { chunkName } from '../idb/model-record.ts';
import { StoreError } from '../store-error.ts';
import { sha256Hex } from './sha256.ts';

export interface ChunkCheck {
  /** chunkName(): `unet.onnx#3`. */
  readonly chunk: string;
  /** 'ok', or why not: not stored (yet) or stored with other bytes. */
  readonly status: 'ok' | 'missing' | 'corrupt';
}

/** One entry per chunk of the manifest, in manifest order; one chunk in memory at a time. */
export async function verifyStoredModel(storage: ModelStorage, id: string): Promise<ChunkCheck[]> {
  const record = await storage.getModel(id);
  if (record === undefined) throw new StoreError('missing', `model ${id} is not in the store`);
  const checks: ChunkCheck[] = [];
  for (const file of record.manifest.files) {
    for (const [i, c] of file.chunks.entries()) {
      const blob = await storage.getChunk(id, file.path, i);
      const status = blob === undefined ? 'missing' : (await sha256Hex(blob)) === c.sha256 ? 'ok' : 'corrupt';
      checks.push({ chunk: chunkName(file.path, i), status });
    }
  }
  return checks;
}

/** verifyStoredModel on this origin's store. */
export const verifyModel = (id: string): Promise<ChunkCheck[]> => verifyStoredModel(modelStorage(), id);
