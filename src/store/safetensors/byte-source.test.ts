// Tests for the ByteSource contract of fileSource, blobSource and httpSource: exactly `length` bytes or an error.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobSource } from './blob-source.ts';
import type { ByteSource } from './byte-source.ts';
import { httpSource } from './http-source.ts';
import { fileSource } from './node-file-source.ts';
import { type RangeServer, startRangeServer } from './test-support.ts';

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
let dir: string;
let server: RangeServer;
let noHeadServer: RangeServer;
let ignoringServer: RangeServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'byte-source-'));
  await writeFile(join(dir, 'thousand.bin'), bytes);
  server = await startRangeServer({ '/thousand.bin': bytes });
  noHeadServer = await startRangeServer({ '/thousand.bin': bytes }, { noHead: true });
  ignoringServer = await startRangeServer({ '/thousand.bin': bytes }, { ignoreRange: true });
});
afterAll(async () => {
  await Promise.all([server.close(), noHeadServer.close(), ignoringServer.close()]);
  await rm(dir, { recursive: true, force: true });
});

const kinds: [string, () => ByteSource][] = [
  ['fileSource', () => fileSource(join(dir, 'thousand.bin'))],
  ['blobSource', () => blobSource(new Blob([bytes]), 'thousand.bin')],
  ['httpSource', () => httpSource(server.url('/thousand.bin'))],
];

describe.each(kinds)('%s', (_, make) => {
  it('knows the size', async () => {
    expect(await make().size()).toBe(1000);
  });

  it('reads exactly the bytes asked for', async () => {
    const source = make();
    expect(await source.read(0, 1000)).toEqual(bytes);
    expect(await source.read(123, 456)).toEqual(bytes.subarray(123, 579));
    expect(await source.read(999, 1)).toEqual(bytes.subarray(999));
    expect(await source.read(500, 0)).toEqual(new Uint8Array(0));
  });

  it('throws truncated naming the file for a read past the end', async () => {
    const source = make();
    for (const [offset, length] of [
      [990, 20],
      [1000, 1],
      [5000, 10],
    ] as const) {
      await expect(source.read(offset, length)).rejects.toMatchObject({ code: 'truncated', file: source.name });
    }
  });

  it('rejects a negative or fractional range', async () => {
    await expect(make().read(-1, 4)).rejects.toMatchObject({ code: 'offset-out-of-range' });
    await expect(make().read(0, 1.5)).rejects.toMatchObject({ code: 'offset-out-of-range' });
  });
});

describe('httpSource', () => {
  it('learns the size from a Range request when HEAD is not allowed', async () => {
    const source = httpSource(noHeadServer.url('/thousand.bin'));
    expect(await source.size()).toBe(1000);
    expect(noHeadServer.requests).toEqual(['HEAD', 'GET bytes=0-0']);
  });

  it('accepts a 200 with the whole file when the whole file was asked for', async () => {
    expect(await httpSource(ignoringServer.url('/thousand.bin')).read(0, 1000)).toEqual(bytes);
  });

  it('sends the given headers and uses the given fetch', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers).get('authorization') ?? 'none');
      return fetch(input, init);
    };
    const source = httpSource(server.url('/thousand.bin'), { fetch: spy, headers: { Authorization: 'Bearer t' } });
    expect(await source.read(10, 5)).toEqual(bytes.subarray(10, 15));
    expect(seen).toEqual(['Bearer t']);
  });

  it('throws read-failed naming the URL when a 206 carries other bytes than asked for', async () => {
    const url = 'http://example.test/model.safetensors';
    const wrong: typeof fetch = () =>
      Promise.resolve(
        new Response(bytes.subarray(0, 4), { status: 206, headers: { 'Content-Range': 'bytes 0-3/1000' } }),
      );
    const error = await httpSource(url, { fetch: wrong }).read(100, 4).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'read-failed', file: url });
    expect(String(error)).toContain(url);
  });

  it('throws read-failed naming the URL when the network fails', async () => {
    const url = 'http://example.test/model.safetensors';
    const down: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    await expect(httpSource(url, { fetch: down }).read(0, 8)).rejects.toMatchObject({ code: 'read-failed', file: url });
  });
});
