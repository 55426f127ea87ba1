// Test helpers (Node only): the reference fixtures made by diffusers (../shared/fixtures, or LOCALMOTION_FIXTURES)
// and their golden tensors.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The tiny diffusers-layout I2VGen-XL checkpoint with its golden/ folder. */
export const FIXTURE_DIR = process.env.LOCALMOTION_FIXTURES ?? join(repoRoot, '../shared/fixtures/i2vgen-xl-tiny');

interface GoldenEntry {
  readonly file: string;
  readonly dtype: 'float32' | 'int64' | 'uint8' | 'png';
  readonly shape: number[];
}

let index: { tensors: Record<string, GoldenEntry>; meta: Record<string, unknown> } | undefined;

export function goldenIndex(): { tensors: Record<string, GoldenEntry>; meta: Record<string, unknown> } {
  index ??= JSON.parse(readFileSync(join(FIXTURE_DIR, 'golden/index.json'), 'utf8'));
  return index!;
}

export interface Golden<T> {
  readonly data: T;
  readonly shape: number[];
}

function entry(name: string): GoldenEntry {
  const e = goldenIndex().tensors[name];
  if (!e) throw new Error(`no golden tensor ${name}`);
  return e;
}

function bytes(name: string): Uint8Array {
  const buf = readFileSync(join(FIXTURE_DIR, entry(name).file));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength).slice();
}

export function goldenFloat32(name: string): Golden<Float32Array> {
  const b = bytes(name);
  return { data: new Float32Array(b.buffer, 0, b.byteLength / 4), shape: entry(name).shape };
}

export function goldenInt64(name: string): Golden<BigInt64Array> {
  const b = bytes(name);
  return { data: new BigInt64Array(b.buffer, 0, b.byteLength / 8), shape: entry(name).shape };
}

/** max |a - b| */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

export function meanAbs(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]!);
  return s / a.length;
}

/** The bound: max abs error ≤ 1e-4 × max(1, mean |reference|). */
export function goldenTolerance(reference: ArrayLike<number>, rel = 1e-4): number {
  return rel * Math.max(1, meanAbs(reference));
}
