// Parses and checks the JSON header of a safetensors file entry by entry; layout.ts checks how they fit together.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import { DTYPE_ITEMSIZE, type Dtype, elementCount, isDtype } from './dtype.ts';

/** One tensor as the header describes it; begin and end are offsets into the data area that follows the header. */
export interface HeaderEntry {
  readonly key: string;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export interface Header {
  readonly metadata: Readonly<Record<string, string>>;
  /** In the order the JSON lists them. */
  readonly entries: readonly HeaderEntry[];
}

const METADATA_KEY = '__metadata__';

export function parseHeader(json: Uint8Array, file: string): Header {
  const corrupt = (message: string, key?: string) => new CheckpointError('corrupt-header', message, file, key);
  let text: string;
  let root: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw corrupt('the header is not valid UTF-8');
  }
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw corrupt(`the header is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isPlainObject(root)) throw corrupt(`the header must be a JSON object, got ${describe(root)}`);

  let metadata: Readonly<Record<string, string>> = {};
  const entries: HeaderEntry[] = [];
  for (const [key, value] of Object.entries(root)) {
    if (key === METADATA_KEY) metadata = parseMetadata(value, corrupt);
    else entries.push(parseEntry(key, value, file));
  }
  return { metadata, entries };
}

function parseMetadata(
  value: unknown,
  corrupt: (message: string, key?: string) => CheckpointError,
): Record<string, string> {
  if (!isPlainObject(value)) throw corrupt(`must be an object of strings, got ${describe(value)}`, METADATA_KEY);
  for (const [name, text] of Object.entries(value)) {
    if (typeof text !== 'string') {
      throw corrupt(`value of "${name}" must be a string, got ${describe(text)}`, METADATA_KEY);
    }
  }
  // Object.fromEntries defines own properties, so a "__proto__" entry stays data and never becomes a prototype.
  return Object.freeze(Object.fromEntries(Object.entries(value) as [string, string][]));
}

function parseEntry(key: string, value: unknown, file: string): HeaderEntry {
  const fail = (code: 'corrupt-header' | 'unknown-dtype' | 'offset-out-of-range', message: string) =>
    new CheckpointError(code, message, file, key);
  if (!isPlainObject(value)) throw fail('corrupt-header', `entry must be an object, got ${describe(value)}`);
  const { dtype, shape, data_offsets: offsets } = value;

  if (typeof dtype !== 'string') throw fail('corrupt-header', `dtype must be a string, got ${describe(dtype)}`);
  if (!Array.isArray(shape)) throw fail('corrupt-header', `shape must be an array, got ${describe(shape)}`);
  const count = elementCount(shape);
  if (count === undefined) {
    throw fail('corrupt-header', `shape must hold non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isOffset)) {
    const got = JSON.stringify(offsets);
    throw fail('corrupt-header', `data_offsets must be [begin, end] non-negative integers, got ${got}`);
  }
  const [begin, end] = offsets as [number, number];
  if (!isDtype(dtype)) {
    const known = Object.keys(DTYPE_ITEMSIZE).join(', ');
    throw fail('unknown-dtype', `dtype ${dtype} is not one the reader handles (${known})`);
  }
  if (begin > end) throw fail('offset-out-of-range', `data_offsets [${begin}, ${end}] are reversed`);
  const byteLength = count * DTYPE_ITEMSIZE[dtype];
  if (end - begin !== byteLength) {
    const needs = `shape [${shape.join(', ')}] of ${dtype} needs ${byteLength} bytes`;
    throw fail('corrupt-header', `${needs}, data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return { key, dtype, shape: Object.freeze([...(shape as number[])]), begin, end };
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
