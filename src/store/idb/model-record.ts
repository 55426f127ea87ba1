// What the store keeps per model, and the key scheme of its chunks (`<modelId>/<file>#<chunkIndex>`).
import type { BundleManifest } from '../bundle/manifest.ts';

export type ModelState = 'downloading' | 'installed';

export interface ModelRecord {
  readonly id: string;
  readonly manifest: BundleManifest;
  /** 'installed' only once every chunk is stored and verified; set in one write and never before. */
  readonly state: ModelState;
  /** chunkName() of every chunk stored and verified so far. */
  readonly verifiedChunks: readonly string[];
  /** Bytes of the verified chunks. */
  readonly bytes: number;
  /** Date.now() of the last change. */
  readonly updatedAt: number;
  /** The bundle URL it came from (with a trailing slash), when it was downloaded. */
  readonly source?: string;
}

/** A chunk within its model: `unet.onnx#3`. */
export const chunkName = (path: string, index: number): string => `${path}#${index}`;

/** A chunk's key in the 'chunks' store: `i2vgen-xl-q4f16/unet.onnx#3`. */
export const chunkKey = (id: string, path: string, index: number): string => `${id}/${chunkName(path, index)}`;

/** Every chunk key of one model (ids cannot hold '/', so `a/` never matches model `a-b`). */
export const modelKeyRange = (id: string): IDBKeyRange => IDBKeyRange.bound(`${id}/`, `${id}/\uffff`);
