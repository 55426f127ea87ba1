// Tests for SafetensorsFile on the diffusers-made fixture: the same bytes through file, Blob and HTTP, read lazily.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import { blobSource } from './blob-source.ts';
import type { ByteSource } from './byte-source.ts';
import { httpSource } from './http-source.ts';
import { fileSource } from './node-file-source.ts';
import { SafetensorsFile } from './safetensors-file.ts';
import { fixturesDir, type RangeServer, startRangeServer } from './test-support.ts';

const path = join(fixturesDir(), 'text_encoder/model.safetensors');
let bytes: Uint8Array<ArrayBuffer>;
let server: RangeServer;

/** The header as Python's json module would read it, for comparing against. */
interface RawEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}
let header: Record<string, RawEntry>;
let dataStart: number;

beforeAll(async () => {
  bytes = new Uint8Array(await readFile(path));
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<string, RawEntry>;
  delete header.__metadata__;
  dataStart = 8 + length;
  server = await startRangeServer({ '/text_encoder/model.safetensors': bytes });
});
afterAll(() => server.close());

function sources(): ByteSource[] {
  return [
    fileSource(path),
    blobSource(new Blob([bytes]), 'model.safetensors'),
    httpSource(server.url('/text_encoder/model.safetensors')),
  ];
}

/** Counts the bytes a reader asks for. */
function counting(source: ByteSource): ByteSource & { bytesRead: number } {
  const counted = {
    name: source.name,
    bytesRead: 0,
    size: () => source.size(),
    read(offset: number, length: number, signal?: AbortSignal) {
      counted.bytesRead += length;
      return source.read(offset, length, signal);
    },
  };
  return counted;
}

describe('SafetensorsFile on the fixture text encoder', () => {
  it('lists every tensor with the dtype, shape and offsets the header gives', async () => {
    const file = await SafetensorsFile.open(fileSource(path));
    expect(file.name).toBe(path);
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.keys().sort()).toEqual(Object.keys(header).sort());
    for (const [key, entry] of Object.entries(header)) {
      const [begin, end] = entry.data_offsets;
      const { dtype, shape } = entry;
      expect(file.info(key)).toEqual({ key, dtype, shape, byteOffset: dataStart + begin, byteLength: end - begin });
    }
  });

  it('lists keys in the order their bytes lie in the file', async () => {
    const file = await SafetensorsFile.open(fileSource(path));
    const offsets = file.keys().map((key) => file.info(key).byteOffset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('reads the same bytes through fileSource, blobSource and httpSource', async () => {
    for (const source of sources()) {
      const file = await SafetensorsFile.open(source);
      for (const [key, entry] of Object.entries(header)) {
        const [begin, end] = entry.data_offsets;
        const raw = await file.readRaw(key);
        if (!Buffer.from(raw).equals(bytes.subarray(dataStart + begin, dataStart + end))) {
          expect.fail(`${source.name} [${key}] differs from the file's bytes`);
        }
      }
    }
  });

  it('reads float32 values the way numpy does', async () => {
    for (const source of sources()) {
      const file = await SafetensorsFile.open(source);
      const position = await file.readFloat32('text_model.embeddings.position_embedding.weight');
      expect(position.length).toBe(77 * 4);
      // numpy.frombuffer(..., '<f4')[:4] of the same tensor
      expect([...position.subarray(0, 4)]).toEqual([
        0.03411687910556793, -0.006101410370320082, -0.011092588305473328, -0.002917781937867403,
      ]);
      expect([...(await file.readFloat32('text_model.final_layer_norm.weight'))]).toEqual([1, 1, 1, 1]);
    }
  });

  it('opens lazily: reads only the 8-byte length and the header', async () => {
    const source = counting(fileSource(path));
    const file = await SafetensorsFile.open(source);
    expect(source.bytesRead).toBe(dataStart);
    await file.readRaw('text_model.final_layer_norm.bias');
    expect(source.bytesRead).toBe(dataStart + 16);
  });

  it('asks the HTTP server for the header and then one Range per tensor', async () => {
    const url = server.url('/text_encoder/model.safetensors');
    const before = server.requests.length;
    const file = await SafetensorsFile.open(httpSource(url));
    const { byteOffset, byteLength } = file.info('text_model.final_layer_norm.bias');
    await file.readRaw('text_model.final_layer_norm.bias');
    expect(server.requests.slice(before)).toEqual([
      'HEAD',
      'GET bytes=0-7',
      `GET bytes=8-${dataStart - 1}`,
      `GET bytes=${byteOffset}-${byteOffset + byteLength - 1}`,
    ]);
  });

  it('throws missing-tensor naming the file and key for a key the file lacks', async () => {
    const file = await SafetensorsFile.open(fileSource(path));
    const error = await file.readRaw('text_model.no_such.weight').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error).toMatchObject({ code: 'missing-tensor', file: path, key: 'text_model.no_such.weight' });
    expect(() => file.info('nope')).toThrow(`${path} [nope]`);
  });

  it('rejects with the abort reason when the signal is aborted', async () => {
    const file = await SafetensorsFile.open(blobSource(new Blob([bytes])));
    const controller = new AbortController();
    controller.abort();
    await expect(file.readFloat32('text_model.final_layer_norm.weight', controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('hands out F32 tensors without copying when the bytes are aligned', async () => {
    const file = await SafetensorsFile.open(blobSource(new Blob([bytes])));
    let lastRead: Uint8Array | undefined;
    const inner = blobSource(new Blob([bytes]));
    const spying: ByteSource = {
      name: inner.name,
      size: () => inner.size(),
      read: async (offset, length) => (lastRead = await inner.read(offset, length)),
    };
    const spied = await SafetensorsFile.open(spying);
    const values = await spied.readFloat32('text_model.embeddings.position_embedding.weight');
    expect(values.buffer).toBe(lastRead?.buffer);
    expect(values).toEqual(await file.readFloat32('text_model.embeddings.position_embedding.weight'));
  });
});
