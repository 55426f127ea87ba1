// What a download still has to fetch (pure): the chunks not yet verified, which verified chunks survive a changed
// manifest, and the HTTP Range arithmetic of a resumed chunk.
import type { BundleManifest, ManifestChunk, ManifestFile } from '../bundle/manifest.ts';
import { chunkName } from '../idb/model-record.ts';

export interface PlannedChunk extends ManifestChunk {
  readonly file: ManifestFile;
  readonly index: number;
  /** chunkName(): `unet.onnx#3`. */
  readonly name: string;
}

export interface DownloadPlan {
  /** In manifest order: file by file, chunk by chunk. */
  readonly missing: readonly PlannedChunk[];
  readonly missingBytes: number;
  /** Bytes of the chunks already verified. */
  readonly doneBytes: number;
}

export function planDownload(manifest: BundleManifest, verified: ReadonlySet<string>): DownloadPlan {
  const missing: PlannedChunk[] = [];
  let doneBytes = 0;
  for (const file of manifest.files) {
    file.chunks.forEach((chunk, index) => {
      const name = chunkName(file.path, index);
      if (verified.has(name)) doneBytes += chunk.bytes;
      else missing.push({ ...chunk, file, index, name });
    });
  }
  return { missing, missingBytes: manifest.totalBytes - doneBytes, doneBytes };
}

/**
 * The verified chunks of a stored manifest that are still valid under a new one: same file, index, offset, size
 * and sha256 (a re-published bundle keeps whatever did not change).
 */
export function keepVerified(stored: BundleManifest, next: BundleManifest, verified: readonly string[]): string[] {
  const same = new Set<string>();
  const old = new Map(stored.files.map((f) => [f.path, f]));
  for (const file of next.files) {
    const before = old.get(file.path);
    file.chunks.forEach((c, i) => {
      const b = before?.chunks[i];
      if (b && b.offset === c.offset && b.bytes === c.bytes && b.sha256 === c.sha256) same.add(chunkName(file.path, i));
    });
  }
  return verified.filter((n) => same.has(n));
}

/** `bytes=a-b` for the inclusive byte range [first, last]. */
export const rangeHeader = (first: number, last: number): string => `bytes=${first}-${last}`;

/** The byte range a resumed chunk still needs once `received` of its bytes are in. */
export function resumeRange(chunk: ManifestChunk, received: number): { first: number; last: number } {
  return { first: chunk.offset + received, last: chunk.offset + chunk.bytes - 1 };
}

/** `Content-Range: bytes a-b/size` (size may be `*`); undefined when absent or not of that form. */
export function parseContentRange(header: string | null): { first: number; last: number; size?: number } | undefined {
  const m = header === null ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim());
  if (m === null) return undefined;
  const [first, last, size] = [Number(m[1]), Number(m[2]), m[3] === '*' ? undefined : Number(m[3])];
  if (last < first) return undefined;
  return size === undefined ? { first, last } : { first, last, size };
}
