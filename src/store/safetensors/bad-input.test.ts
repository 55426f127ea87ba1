// One test per malformed safetensors input: each bad file is built here, named for what it catches, and must be refused
// with the right CheckpointError code, naming the file and (where there is one) the tensor key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, type CheckpointErrorCode } from '../../graph/checkpoint-error.ts';
import { blobSource } from './blob-source.ts';
import type { ByteSource } from './byte-source.ts';
import { httpSource } from './http-source.ts';
import { SafetensorsFile } from './safetensors-file.ts';
import { type RangeServer, safetensorsBytes, startRangeServer } from './test-support.ts';

/** An F32 vector of `count` elements at `begin` in the data area. */
function f32(begin: number, count: number) {
  return { dtype: 'F32', shape: [count], data_offsets: [begin, begin + 4 * count] };
}

async function openError(source: ByteSource): Promise<unknown> {
  return SafetensorsFile.open(source).then(
    () => expect.fail(`${source.name} opened, but it should have been refused`),
    (error: unknown) => error,
  );
}

function expectRefusal(error: unknown, code: CheckpointErrorCode, file: string, key?: string): void {
  expect(error).toBeInstanceOf(CheckpointError);
  expect(error).toMatchObject({ code, file, key });
  const { message } = error as CheckpointError;
  expect(message).toContain(file);
  if (key !== undefined) expect(message).toContain(`[${key}]`);
}

/** Opens the bytes as a Blob named after what they catch, expecting a refusal. */
async function expectBadFile(
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  code: CheckpointErrorCode,
  key?: string,
): Promise<CheckpointError> {
  const error = await openError(blobSource(new Blob([bytes]), name));
  expectRefusal(error, code, name, key);
  return error as CheckpointError;
}

describe('SafetensorsFile.open refuses', () => {
  it('a file too short to hold the header length', async () => {
    await expectBadFile('truncated-header-length.safetensors', Uint8Array.of(16, 0, 0, 0, 0), 'truncated');
  });

  it('a header length larger than the file', async () => {
    const bytes = safetensorsBytes({ w: f32(0, 1) }, new Uint8Array(4), 4096);
    await expectBadFile('header-length-past-eof.safetensors', bytes, 'truncated');
  });

  it('a header length over the 100 MB limit', async () => {
    const bytes = safetensorsBytes({}, new Uint8Array(0), 2 ** 40);
    await expectBadFile('huge-header-length.safetensors', bytes, 'corrupt-header');
  });

  it('a header that is not valid JSON', async () => {
    await expectBadFile('corrupt-json.safetensors', safetensorsBytes('{"w": {"dtype": "F32",'), 'corrupt-header');
  });

  it('a header that is not valid UTF-8', async () => {
    const bytes = safetensorsBytes('{"w\xff": 1}');
    bytes.set([0xff], 8 + 3); // the encoder wrote ÿ as two bytes; make it one stray byte
    const error = await expectBadFile('invalid-utf8-header.safetensors', bytes, 'corrupt-header');
    expect(error.message).toContain('UTF-8');
  });

  it('a header that is a JSON array instead of an object', async () => {
    const bytes = safetensorsBytes([f32(0, 1)], new Uint8Array(4));
    await expectBadFile('header-not-object.safetensors', bytes, 'corrupt-header');
  });

  it('__metadata__ with a value that is not a string', async () => {
    const bytes = safetensorsBytes({ __metadata__: { format: 'pt', step: 3 }, w: f32(0, 1) }, new Uint8Array(4));
    await expectBadFile('metadata-not-strings.safetensors', bytes, 'corrupt-header', '__metadata__');
  });

  it('a tensor entry without a shape array', async () => {
    const bytes = safetensorsBytes({ w: { dtype: 'F32', data_offsets: [0, 4] } }, new Uint8Array(4));
    await expectBadFile('missing-shape.safetensors', bytes, 'corrupt-header', 'w');
  });

  it('a negative dimension', async () => {
    const bytes = safetensorsBytes({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4));
    await expectBadFile('negative-dimension.safetensors', bytes, 'corrupt-header', 'w');
  });

  it('reversed data_offsets', async () => {
    const bytes = safetensorsBytes({ w: { dtype: 'F32', shape: [4], data_offsets: [16, 0] } }, new Uint8Array(16));
    await expectBadFile('reversed-data-offsets.safetensors', bytes, 'offset-out-of-range', 'w');
  });

  it('data_offsets past the end of the data area', async () => {
    const bytes = safetensorsBytes({ a: f32(0, 4), b: f32(64, 4) }, new Uint8Array(16));
    await expectBadFile('data-offsets-past-end.safetensors', bytes, 'offset-out-of-range', 'b');
  });

  it('a byte length that does not match shape × dtype size', async () => {
    const bytes = safetensorsBytes({ w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 20] } }, new Uint8Array(20));
    const error = await expectBadFile('byte-length-mismatch.safetensors', bytes, 'corrupt-header', 'w');
    expect(error.message).toContain('needs 24 bytes');
  });

  it('a dtype the reader does not handle', async () => {
    const q = { dtype: 'F8_E4M3', shape: [4], data_offsets: [4, 8] };
    const bytes = safetensorsBytes({ ok: f32(0, 1), q }, new Uint8Array(8));
    const error = await expectBadFile('unknown-dtype.safetensors', bytes, 'unknown-dtype', 'q');
    expect(error.message).toContain('F8_E4M3');
  });

  it('a file truncated in the middle of a tensor', async () => {
    const bytes = safetensorsBytes({ a: f32(0, 4), b: f32(16, 1024) }, new Uint8Array(16 + 100));
    await expectBadFile('truncated-tensor-data.safetensors', bytes, 'truncated', 'b');
  });

  it('tensors whose bytes overlap', async () => {
    const bytes = safetensorsBytes({ a: f32(0, 4), b: f32(8, 4) }, new Uint8Array(24));
    const error = await expectBadFile('overlapping-tensors.safetensors', bytes, 'offset-out-of-range', 'b');
    expect(error.message).toContain('overlap tensor a');
  });
});

describe('SafetensorsFile reads refuse', () => {
  it('a tensor whose bytes come up short after open, naming its key', async () => {
    const bytes = safetensorsBytes({ w: f32(0, 4) }, new Uint8Array(16));
    const cut = blobSource(new Blob([bytes.subarray(0, bytes.byteLength - 4)]), 'shrank-after-open.safetensors');
    const claimsFullSize: ByteSource = { name: cut.name, size: async () => bytes.byteLength, read: cut.read };
    const file = await SafetensorsFile.open(claimsFullSize);
    const error = await file.readFloat32('w').catch((e: unknown) => e);
    expectRefusal(error, 'truncated', 'shrank-after-open.safetensors', 'w');
  });
});

describe('httpSource refuses', () => {
  const good = safetensorsBytes({ w: f32(0, 4) }, new Uint8Array(16));
  let server: RangeServer;
  let ignoringServer: RangeServer;
  beforeAll(async () => {
    server = await startRangeServer({ '/model.safetensors': good });
    ignoringServer = await startRangeServer({ '/model.safetensors': good }, { ignoreRange: true });
  });
  afterAll(() => Promise.all([server.close(), ignoringServer.close()]));

  it('a URL that answers 404', async () => {
    const url = server.url('/missing.safetensors');
    expectRefusal(await openError(httpSource(url)), 'read-failed', url);
  });

  it('a server that ignores Range and sends the whole file', async () => {
    const url = ignoringServer.url('/model.safetensors');
    const error = await openError(httpSource(url));
    expectRefusal(error, 'read-failed', url);
    expect(String(error)).toContain('ignored Range');
  });
});
