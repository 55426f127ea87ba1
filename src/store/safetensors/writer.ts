// writeSafetensors: streams a safetensors file to a sink, header first, then each tensor fetched only when written.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import { DTYPE_ITEMSIZE, type Dtype, elementCount, isDtype } from './dtype.ts';

export interface ByteSink {
  /** Names the file in errors; defaults to 'safetensors writer'. */
  readonly name?: string;
  write(bytes: Uint8Array): Promise<void>;
}

export interface WriteEntry {
  key: string;
  dtype: Dtype;
  shape: readonly number[];
  /** The tensor's little-endian bytes, or a function called only when the tensor is written (one tensor in memory). */
  data: Uint8Array | (() => Uint8Array | Promise<Uint8Array>);
}

/**
 * Tensors are laid out in the given order, back to back (the Python library sorts by alignment and name instead;
 * readers accept either). The header is padded with spaces to a multiple of 8 bytes, as the reference does.
 */
export async function writeSafetensors(
  sink: ByteSink,
  entries: readonly WriteEntry[],
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  const file = sink.name ?? 'safetensors writer';
  const header = encodeHeader(entries, metadata, file);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(header.byteLength), true);
  await sink.write(prefix);
  await sink.write(header);
  for (const entry of entries) {
    const bytes = typeof entry.data === 'function' ? await entry.data() : entry.data;
    const expected = byteLengthOf(entry, file);
    if (bytes.byteLength !== expected) {
      throw new CheckpointError(
        'shape-mismatch',
        `shape [${entry.shape.join(', ')}] of ${entry.dtype} needs ${expected} bytes, data has ${bytes.byteLength}`,
        file,
        entry.key,
      );
    }
    await sink.write(bytes);
  }
}

/** The JSON header, built by hand so that keys keep the given order (JSON.stringify moves integer-like keys first). */
export function encodeHeader(
  entries: readonly WriteEntry[],
  metadata: Readonly<Record<string, string>> | undefined,
  file: string,
): Uint8Array {
  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  const seen = new Set<string>();
  let offset = 0;
  for (const entry of entries) {
    if (entry.key === '__metadata__' || seen.has(entry.key)) {
      throw new CheckpointError('corrupt-header', 'the key is reserved or used twice', file, entry.key);
    }
    seen.add(entry.key);
    const end = offset + byteLengthOf(entry, file);
    const body = { dtype: entry.dtype, shape: entry.shape, data_offsets: [offset, end] };
    parts.push(`${JSON.stringify(entry.key)}:${JSON.stringify(body)}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = new Uint8Array(Math.ceil(json.byteLength / 8) * 8).fill(0x20);
  padded.set(json);
  return padded;
}

function byteLengthOf(entry: WriteEntry, file: string): number {
  if (!isDtype(entry.dtype)) {
    throw new CheckpointError('unknown-dtype', `dtype ${String(entry.dtype)} cannot be written`, file, entry.key);
  }
  const count = elementCount(entry.shape);
  if (count === undefined) {
    const message = `shape [${entry.shape.join(', ')}] is not a list of sizes`;
    throw new CheckpointError('corrupt-header', message, file, entry.key);
  }
  return count * DTYPE_ITEMSIZE[entry.dtype];
}
