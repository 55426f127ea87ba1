// Tests for writeSafetensors and writeSafetensorsFile: round trips through the reader, output layout, laziness.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobSource } from './blob-source.ts';
import { float32ToFloat16Bits } from './half.ts';
import { writeSafetensorsFile } from './node-file-sink.ts';
import { fileSource } from './node-file-source.ts';
import { SafetensorsFile } from './safetensors-file.ts';
import { fixturesDir } from './test-support.ts';
import { type ByteSink, type WriteEntry, writeSafetensors } from './writer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safetensors-writer-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function memorySink(): ByteSink & { bytes(): Uint8Array<ArrayBuffer>; writes: number[] } {
  const chunks: Uint8Array[] = [];
  return {
    name: 'memory.safetensors',
    writes: [],
    async write(bytes) {
      chunks.push(bytes.slice());
      this.writes.push(bytes.byteLength);
    },
    bytes: () => new Uint8Array(Buffer.concat(chunks)),
  };
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

const values = Float32Array.of(0, 1, -2, 0.5, 65504, 1e-7, -3.140625, 100.25, 7, 8, 9, 10);
/** bfloat16 of values whose low 16 bits are zero, so the expected float32 is exact. */
const bf16Values = Float32Array.of(1, -2, 0.5, 3.140625, -1024, 0.25);
const bf16Bits = Uint16Array.from(new Uint32Array(bf16Values.buffer), (b) => b >>> 16);

const entries: WriteEntry[] = [
  { key: 'f32', dtype: 'F32', shape: [3, 4], data: bytesOf(values) },
  { key: 'f16', dtype: 'F16', shape: [12], data: () => bytesOf(float32ToFloat16Bits(values)) },
  { key: 'bf16', dtype: 'BF16', shape: [2, 3], data: async () => bytesOf(bf16Bits) },
  { key: 'i64', dtype: 'I64', shape: [2], data: bytesOf(BigInt64Array.of(-5n, 1n << 40n)) },
  { key: 'scalar', dtype: 'F32', shape: [], data: bytesOf(Float32Array.of(42)) },
  { key: 'empty', dtype: 'F16', shape: [0, 4], data: new Uint8Array(0) },
];

describe('writeSafetensors', () => {
  it('round-trips F32, F16, BF16 and I64 tensors with metadata through the reader', async () => {
    const sink = memorySink();
    await writeSafetensors(sink, entries, { format: 'pt', note: 'round trip' });
    const file = await SafetensorsFile.open(blobSource(new Blob([sink.bytes()]), 'round-trip.safetensors'));
    expect(file.metadata).toEqual({ format: 'pt', note: 'round trip' });
    expect(file.keys()).toEqual(['f32', 'f16', 'bf16', 'i64', 'scalar', 'empty']);
    expect(file.info('f32')).toMatchObject({ dtype: 'F32', shape: [3, 4], byteLength: 48 });
    expect(await file.readFloat32('f32')).toEqual(values);
    // Every value is a half except 1e-7, which rounds to the subnormal 2 × 2^-24.
    expect(await file.readFloat32('f16')).toEqual(Float32Array.from(values, (v, i) => (i === 5 ? 2 * 2 ** -24 : v)));
    expect(await file.readFloat16Bits('f16')).toEqual(float32ToFloat16Bits(values));
    expect(await file.readFloat16Bits('f32')).toEqual(float32ToFloat16Bits(values));
    expect(await file.readFloat32('bf16')).toEqual(bf16Values);
    expect(await file.readFloat16Bits('bf16')).toEqual(float32ToFloat16Bits(bf16Values));
    expect(await file.readInt64('i64')).toEqual(BigInt64Array.of(-5n, 1n << 40n));
    expect(await file.readFloat32('scalar')).toEqual(Float32Array.of(42));
    expect(file.info('empty')).toMatchObject({ shape: [0, 4], byteLength: 0 });
    expect(await file.readFloat16Bits('empty')).toEqual(new Uint16Array(0));
  });

  it('refuses to read an I64 tensor as floats or an F32 tensor as int64', async () => {
    const sink = memorySink();
    await writeSafetensors(sink, entries);
    const file = await SafetensorsFile.open(blobSource(new Blob([sink.bytes()]), 'mixed.safetensors'));
    await expect(file.readFloat32('i64')).rejects.toMatchObject({ code: 'unknown-dtype', key: 'i64' });
    await expect(file.readInt64('f32')).rejects.toMatchObject({ code: 'unknown-dtype', key: 'f32' });
  });

  it('pads the header with spaces to a multiple of 8 and puts the data right after it', async () => {
    const sink = memorySink();
    await writeSafetensors(sink, entries.slice(0, 1));
    const out = sink.bytes();
    const length = Number(new DataView(out.buffer).getBigUint64(0, true));
    expect(length % 8).toBe(0);
    const json = new TextDecoder().decode(out.subarray(8, 8 + length));
    expect(json).toMatch(/^\{"f32":\{"dtype":"F32","shape":\[3,4\],"data_offsets":\[0,48\]\}\} *$/);
    expect(out.subarray(8 + length)).toEqual(bytesOf(values));
  });

  it('calls each lazy data() only when that tensor is written, one tensor at a time', async () => {
    const log: string[] = [];
    const sink: ByteSink = {
      write: async (bytes) => void log.push(`write ${bytes.byteLength}`),
    };
    const lazy = (key: string, size: number): WriteEntry => ({
      key,
      dtype: 'F32',
      shape: [size],
      data: () => (log.push(`data ${key}`), new Uint8Array(size * 4)),
    });
    await writeSafetensors(sink, [lazy('a', 1), lazy('b', 2)]);
    expect(log.slice(2)).toEqual(['data a', 'write 4', 'data b', 'write 8']);
    expect(log[0]).toBe('write 8'); // the header length, then the header
  });

  it('rewrites the fixture text encoder byte for byte, as the Python library wrote it', async () => {
    const path = join(fixturesDir(), 'text_encoder/model.safetensors');
    const original = await SafetensorsFile.open(fileSource(path));
    const sink = memorySink();
    await writeSafetensors(
      sink,
      original.keys().map((key) => ({ ...original.info(key), data: () => original.readRaw(key) })),
      original.metadata,
    );
    expect(Buffer.from(sink.bytes()).equals(await readFile(path))).toBe(true);
  });

  it('throws shape-mismatch naming the key when data does not fit shape × dtype', async () => {
    const short: WriteEntry = { key: 'w', dtype: 'F16', shape: [3], data: new Uint8Array(4) };
    const error = await writeSafetensors(memorySink(), [short]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'shape-mismatch', file: 'memory.safetensors', key: 'w' });
  });

  it('refuses a key used twice', async () => {
    const twice: WriteEntry[] = [entries[0]!, entries[0]!];
    await expect(writeSafetensors(memorySink(), twice)).rejects.toMatchObject({ code: 'corrupt-header', key: 'f32' });
  });
});

describe('writeSafetensorsFile', () => {
  it('writes a file the reader opens through fileSource', async () => {
    const path = join(dir, 'written.safetensors');
    await writeSafetensorsFile(path, entries, { format: 'pt' });
    const file = await SafetensorsFile.open(fileSource(path));
    expect(await file.readFloat32('f32')).toEqual(values);
    expect(await file.readFloat32('bf16')).toEqual(bf16Values);
  });

  it('leaves no file behind when a tensor fails', async () => {
    const path = join(dir, 'failed.safetensors');
    const failing: WriteEntry = {
      key: 'boom',
      dtype: 'F32',
      shape: [1],
      data: () => Promise.reject(new Error('source went away')),
    };
    await expect(writeSafetensorsFile(path, [entries[0]!, failing])).rejects.toThrow('source went away');
    expect((await readdir(dir)).filter((name) => name.startsWith('failed'))).toEqual([]);
  });
});
