// The bundle manifest (manifest.json): the single source of truth for what a model bundle holds. Versioned; parsed
// and validated wherever a bundle enters (store download, app load, tests). Version 2 lists every file as chunks of
// at most 64 MiB with their own sha256, the unit the store downloads, verifies and keeps.
import type { GraphName } from '../../graph/components.ts';
import { isPrecision, type Precision } from '../../graph/quant/precision.ts';
import { StoreError } from '../store-error.ts';

export const MANIFEST_FORMAT = 'localmotion-bundle';
export const MANIFEST_VERSION = 2;
/** Chunks are at most 64 MiB: one IndexedDB value each (off-the-record contexts refuse values over ~127 MB). */
export const MAX_CHUNK_BYTES = 64 * 2 ** 20;

export interface ManifestChunk {
  /** Byte offset of the chunk in its file. */
  readonly offset: number;
  readonly bytes: number;
  /** Lower-case hex sha256 of the chunk's bytes. */
  readonly sha256: string;
}

export interface ManifestFile {
  /** Path relative to the bundle root. */
  readonly path: string;
  readonly bytes: number;
  /** Lower-case hex sha256 of the whole file. */
  readonly sha256: string;
  /** The file cut at multiples of the manifest's chunkBytes; empty for an empty file. */
  readonly chunks: readonly ManifestChunk[];
}

export interface ManifestGraph {
  /** The .onnx file. */
  readonly model: string;
  /** External data files the model references (may be empty). */
  readonly externalData: readonly string[];
}

export interface BundleManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: typeof MANIFEST_VERSION;
  /** Names the model in the store: letters, digits, '.', '_' and '-'. */
  readonly id: string;
  readonly name: string;
  readonly precision: Precision;
  /** WebGPU features an adapter needs to run the graphs (shader-f16 for fp16 compute). */
  readonly requiredFeatures: readonly string[];
  /** Free text shown to users (e.g. "random weights: produces noise"). */
  readonly notice?: string;
  readonly graphs: Readonly<Partial<Record<GraphName, ManifestGraph>>>;
  /** The checkpoint's config.json of each converted component, verbatim. */
  readonly configs: Readonly<Record<string, unknown>>;
  /** Every chunk but a file's last has exactly this many bytes (at most MAX_CHUNK_BYTES). */
  readonly chunkBytes: number;
  /** Sum of the files' bytes: what a full download stores. */
  readonly totalBytes: number;
  readonly files: readonly ManifestFile[];
  readonly createdBy: string;
}

export class ManifestError extends StoreError {
  override readonly name = 'ManifestError';
  constructor(message: string, field?: string) {
    super('manifest', message, field === undefined ? {} : { field });
  }
}

/** Where the chunks of a file of `bytes` bytes start and end: cuts at multiples of chunkBytes. */
export function chunkSpans(bytes: number, chunkBytes: number): { offset: number; bytes: number }[] {
  const spans: { offset: number; bytes: number }[] = [];
  for (let offset = 0; offset < bytes; offset += chunkBytes) spans.push({ offset, bytes: Math.min(chunkBytes, bytes - offset) });
  return spans;
}

/** Parses and validates manifest.json text; every problem names the field. */
export function parseManifest(text: string): BundleManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`manifest.json is not valid JSON: ${(e as Error).message}`);
  }
  const m = record(raw, 'manifest');
  if (m.format !== MANIFEST_FORMAT) throw new ManifestError(`manifest.format must be "${MANIFEST_FORMAT}"`, 'manifest.format');
  if (m.version !== MANIFEST_VERSION) {
    throw new ManifestError(
      `manifest.version ${JSON.stringify(m.version)} is not supported (expected ${MANIFEST_VERSION})`,
      'manifest.version',
    );
  }
  const id = string(m.id, 'manifest.id');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
    throw new ManifestError(`manifest.id ${JSON.stringify(id)} may only hold letters, digits, '.', '_' and '-'`, 'manifest.id');
  }
  const precision = m.precision;
  if (typeof precision !== 'string' || !isPrecision(precision)) {
    throw new ManifestError(`manifest.precision ${JSON.stringify(precision)} is not one of fp32, fp16, q4f16, q4f32`, 'manifest.precision');
  }
  const chunkBytes = byteCount(m.chunkBytes, 'manifest.chunkBytes');
  if (chunkBytes === 0 || chunkBytes > MAX_CHUNK_BYTES) {
    throw new ManifestError(`manifest.chunkBytes must be 1..${MAX_CHUNK_BYTES} (64 MiB), got ${chunkBytes}`, 'manifest.chunkBytes');
  }
  const files = array(m.files, 'manifest.files').map((f, i) => parseFile(f, `manifest.files[${i}]`, chunkBytes));
  const known = new Set<string>();
  files.forEach((f, i) => {
    if (known.has(f.path)) throw new ManifestError(`manifest.files[${i}].path ${f.path} is listed twice`, `manifest.files[${i}].path`);
    known.add(f.path);
  });
  const sum = files.reduce((s, f) => s + f.bytes, 0);
  const totalBytes = byteCount(m.totalBytes, 'manifest.totalBytes');
  if (totalBytes !== sum) {
    throw new ManifestError(`manifest.totalBytes is ${totalBytes} but the files add up to ${sum}`, 'manifest.totalBytes');
  }
  const graphs: Partial<Record<GraphName, ManifestGraph>> = {};
  for (const [name, value] of Object.entries(record(m.graphs, 'manifest.graphs'))) {
    const g = record(value, `manifest.graphs.${name}`);
    const model = string(g.model, `manifest.graphs.${name}.model`);
    const externalData = array(g.externalData, `manifest.graphs.${name}.externalData`).map((x, i) =>
      string(x, `manifest.graphs.${name}.externalData[${i}]`),
    );
    for (const f of [model, ...externalData]) {
      if (!known.has(f)) throw new ManifestError(`manifest.graphs.${name} names ${f}, which is not in manifest.files`, `manifest.graphs.${name}`);
    }
    graphs[name as GraphName] = { model, externalData };
  }
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    id,
    name: string(m.name, 'manifest.name'),
    precision,
    requiredFeatures: array(m.requiredFeatures, 'manifest.requiredFeatures').map((x, i) => string(x, `manifest.requiredFeatures[${i}]`)),
    ...(m.notice === undefined ? {} : { notice: string(m.notice, 'manifest.notice') }),
    graphs,
    configs: record(m.configs, 'manifest.configs'),
    chunkBytes,
    totalBytes,
    files,
    createdBy: string(m.createdBy, 'manifest.createdBy'),
  };
}

function parseFile(value: unknown, at: string, chunkBytes: number): ManifestFile {
  const r = record(value, at);
  const path = string(r.path, `${at}.path`);
  if (path.startsWith('/') || path.split('/').some((s) => s === '..')) {
    throw new ManifestError(`${at}.path ${path} escapes the bundle`, `${at}.path`);
  }
  // Paths become URL paths and store keys (`<id>/<path>#<chunk>`): plain segments only.
  if (path.split('/').some((s) => s === '' || s === '.') || /[\\?#%\u0000-\u001f]/.test(path)) {
    throw new ManifestError(`${at}.path ${JSON.stringify(path)} is not a plain relative path`, `${at}.path`);
  }
  const bytes = byteCount(r.bytes, `${at}.bytes`);
  const sha256 = hex(r.sha256, `${at}.sha256`);
  const spans = chunkSpans(bytes, chunkBytes);
  const chunks = array(r.chunks, `${at}.chunks`).map((c, k) => {
    const where = `${at}.chunks[${k}]`;
    const chunk = record(c, where);
    const offset = byteCount(chunk.offset, `${where}.offset`);
    const size = byteCount(chunk.bytes, `${where}.bytes`);
    const span = spans[k];
    if (span !== undefined && offset !== span.offset) {
      throw new ManifestError(`${where}.offset must be ${span.offset} (chunks are contiguous), got ${offset}`, `${where}.offset`);
    }
    if (span !== undefined && size !== span.bytes) {
      const rule = span.bytes === chunkBytes ? `manifest.chunkBytes ${chunkBytes}` : `the ${span.bytes} bytes left of the file`;
      throw new ManifestError(`${where}.bytes must be ${span.bytes} (${rule}), got ${size}`, `${where}.bytes`);
    }
    return { offset, bytes: size, sha256: hex(chunk.sha256, `${where}.sha256`) };
  });
  const sum = chunks.reduce((s, c) => s + c.bytes, 0);
  if (chunks.length !== spans.length || sum !== bytes) {
    throw new ManifestError(
      `${at}.chunks cover ${sum} bytes in ${chunks.length} chunks, but the file has ${bytes} bytes (${spans.length} chunks of ≤ ${chunkBytes})`,
      `${at}.chunks`,
    );
  }
  return { path, bytes, sha256, chunks };
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ManifestError(`${what} must be an object`, what);
  return v as Record<string, unknown>;
}

function array(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ManifestError(`${what} must be an array`, what);
  return v;
}

function string(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new ManifestError(`${what} must be a non-empty string`, what);
  return v;
}

function byteCount(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ManifestError(`${what} must be a byte count (a whole number ≥ 0), got ${JSON.stringify(v)}`, what);
  }
  return v;
}

function hex(v: unknown, what: string): string {
  const s = string(v, what);
  if (!/^[0-9a-f]{64}$/.test(s)) throw new ManifestError(`${what} is not a lower-case hex sha256: ${JSON.stringify(s)}`, what);
  return s;
}
