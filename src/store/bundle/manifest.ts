// The bundle manifest (manifest.json): the single source of truth for what a model bundle holds. Versioned; parsed
// and validated wherever a bundle enters (store download, app load, tests).
import type { GraphName } from '../../graph/components.ts';
import { isPrecision, type Precision } from '../../graph/quant/precision.ts';

export const MANIFEST_FORMAT = 'localmotion-bundle';
export const MANIFEST_VERSION = 1;

export interface ManifestFile {
  /** Path relative to the bundle root. */
  readonly path: string;
  readonly bytes: number;
  /** Lower-case hex sha256 of the whole file. */
  readonly sha256: string;
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
  readonly files: readonly ManifestFile[];
  readonly createdBy: string;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
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
  if (m.format !== MANIFEST_FORMAT) throw new ManifestError(`manifest.format must be "${MANIFEST_FORMAT}"`);
  if (m.version !== MANIFEST_VERSION) {
    throw new ManifestError(`manifest.version ${JSON.stringify(m.version)} is not supported (expected ${MANIFEST_VERSION})`);
  }
  const precision = m.precision;
  if (typeof precision !== 'string' || !isPrecision(precision)) {
    throw new ManifestError(`manifest.precision ${JSON.stringify(precision)} is not one of fp32, fp16, q4f16, q4f32`);
  }
  const files = array(m.files, 'manifest.files').map((f, i) => {
    const r = record(f, `manifest.files[${i}]`);
    const path = string(r.path, `manifest.files[${i}].path`);
    if (path.startsWith('/') || path.split('/').includes('..')) throw new ManifestError(`manifest.files[${i}].path ${path} escapes the bundle`);
    const bytes = r.bytes;
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) throw new ManifestError(`manifest.files[${i}].bytes must be a byte count`);
    const sha256 = string(r.sha256, `manifest.files[${i}].sha256`);
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ManifestError(`manifest.files[${i}].sha256 is not a hex sha256`);
    return { path, bytes, sha256 };
  });
  const known = new Set(files.map((f) => f.path));
  const graphs: Partial<Record<GraphName, ManifestGraph>> = {};
  for (const [name, value] of Object.entries(record(m.graphs, 'manifest.graphs'))) {
    const g = record(value, `manifest.graphs.${name}`);
    const model = string(g.model, `manifest.graphs.${name}.model`);
    const externalData = array(g.externalData, `manifest.graphs.${name}.externalData`).map((x, i) =>
      string(x, `manifest.graphs.${name}.externalData[${i}]`),
    );
    for (const f of [model, ...externalData]) {
      if (!known.has(f)) throw new ManifestError(`manifest.graphs.${name} names ${f}, which is not in manifest.files`);
    }
    graphs[name as GraphName] = { model, externalData };
  }
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    id: string(m.id, 'manifest.id'),
    name: string(m.name, 'manifest.name'),
    precision,
    requiredFeatures: array(m.requiredFeatures, 'manifest.requiredFeatures').map((x, i) => string(x, `manifest.requiredFeatures[${i}]`)),
    ...(m.notice === undefined ? {} : { notice: string(m.notice, 'manifest.notice') }),
    graphs,
    configs: record(m.configs, 'manifest.configs'),
    files,
    createdBy: string(m.createdBy, 'manifest.createdBy'),
  };
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ManifestError(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function array(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ManifestError(`${what} must be an array`);
  return v;
}

function string(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new ManifestError(`${what} must be a non-empty string`);
  return v;
}
