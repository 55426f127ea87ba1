// The test static server (e2e/support/static-server.ts) speaks HTTP as downloads need (MIME types, Range, HEAD,
// CORS) and injects the faults download tests need: cut connections, flipped bytes, 404/500, slow bodies, no Range.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseRange, startStaticServer, type StaticServer } from './support/static-server.ts';

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
let dir: string;
let server: StaticServer;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'localmotion-static-'));
  await writeFile(path.join(dir, 'weights.onnx'), bytes);
  await writeFile(path.join(dir, 'ort.wasm'), bytes.subarray(0, 8));
  await writeFile(path.join(dir, 'index.json'), '{"models":[]}');
  await writeFile(path.join(dir, 'empty.bin'), new Uint8Array(0));
  server = await startStaticServer({ mounts: { '/files/': dir }, pages: { '/': '<!doctype html><title>hi</title>' } });
});
test.afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

test('serves files with their MIME type and the isolation and CORS headers', async () => {
  const response = await fetch(`${server.url}/files/weights.onnx`);
  expect(response.status).toBe(200);
  expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(bytes));
  expect(Object.fromEntries(response.headers)).toMatchObject({
    'content-type': 'application/octet-stream',
    'content-length': '1000',
    'accept-ranges': 'bytes',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'cross-origin-resource-policy': 'cross-origin',
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'Content-Range, Content-Length, Accept-Ranges',
  });
  expect((await fetch(`${server.url}/files/ort.wasm`)).headers.get('content-type')).toBe('application/wasm');
  expect((await fetch(`${server.url}/files/index.json`)).headers.get('content-type')).toMatch(/^application\/json/);
});

test('serves inline pages as HTML', async () => {
  const response = await fetch(`${server.url}/`);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await response.text()).toContain('<title>hi</title>');
});

test('answers a Range request with 206 and exactly those bytes', async () => {
  const cases: Array<[string, number, number]> = [
    ['bytes=10-19', 10, 19],
    ['bytes=990-', 990, 999],
    ['bytes=-5', 995, 999],
    ['bytes=900-5000', 900, 999],
  ];
  for (const [range, start, end] of cases) {
    const response = await fetch(`${server.url}/files/weights.onnx`, { headers: { Range: range } });
    expect(response.status, range).toBe(206);
    expect(response.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/1000`);
    expect(response.headers.get('content-length'), range).toBe(String(end - start + 1));
    expect(Buffer.from(await response.arrayBuffer()), range).toEqual(Buffer.from(bytes.subarray(start, end + 1)));
  }
});

test('answers 416 with the size for a range past the end', async () => {
  for (const range of ['bytes=1000-', 'bytes=5000-6000', 'bytes=-0']) {
    const response = await fetch(`${server.url}/files/weights.onnx`, { headers: { Range: range } });
    expect(response.status, range).toBe(416);
    expect(response.headers.get('content-range'), range).toBe('bytes */1000');
  }
  const empty = await fetch(`${server.url}/files/empty.bin`, { headers: { Range: 'bytes=0-' } });
  expect(empty.status).toBe(416);
});

test('ignores malformed and multi-part ranges and sends the whole file', async () => {
  for (const range of ['bytes=20-10', 'items=0-1', 'bytes=0-1,5-6']) {
    const response = await fetch(`${server.url}/files/weights.onnx`, { headers: { Range: range } });
    expect(response.status, range).toBe(200);
    expect((await response.arrayBuffer()).byteLength, range).toBe(1000);
  }
});

test('answers HEAD with the length and no body', async () => {
  const response = await fetch(`${server.url}/files/weights.onnx`, { method: 'HEAD' });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-length')).toBe('1000');
  const partial = await fetch(`${server.url}/files/weights.onnx`, { method: 'HEAD', headers: { Range: 'bytes=0-99' } });
  expect(partial.status).toBe(206);
  expect(partial.headers.get('content-length')).toBe('100');
});

test('answers a CORS preflight for Range', async () => {
  const response = await fetch(`${server.url}/files/weights.onnx`, {
    method: 'OPTIONS',
    headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
  });
  expect(response.status).toBe(204);
  expect(response.headers.get('access-control-allow-headers')).toBe('range');
});

test('answers 404 for missing files and for paths that climb out of a mount', async () => {
  expect((await fetch(`${server.url}/files/missing.onnx`)).status).toBe(404);
  expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
  expect((await fetch(`${server.url}/files/`)).status).toBe(404);
  // fetch() would normalise ../ away; send the raw paths.
  for (const raw of ['/files/../fixtures.ts', '/files/..%2f..%2fetc%2fpasswd']) {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get(`${server.url}${raw}`, (res) => resolve(res.resume().statusCode)).on('error', reject);
    });
    expect(status, raw).toBe(404);
  }
});

test('records every request with its range and status', async () => {
  const before = server.requests.length;
  await fetch(`${server.url}/files/weights.onnx`, { headers: { Range: 'bytes=0-9' } });
  expect(server.requests.slice(before)).toEqual([
    { method: 'GET', path: '/files/weights.onnx', range: 'bytes=0-9', status: 206, bytes: 10, faults: [] },
  ]);
});

test.describe('fault injection', () => {
  test.afterEach(() => server.setFaults([]));
  const url = () => `${server.url}/files/weights.onnx`;
  /** The body bytes that arrive before the connection drops, and whether it dropped. */
  async function receive(headers: Record<string, string> = {}): Promise<{ status: number; bytes: Buffer; dropped: boolean }> {
    return new Promise((resolve, reject) => {
      http
        .get(url(), { headers }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (b: Buffer) => parts.push(b));
          res.on('end', () => resolve({ status: res.statusCode!, bytes: Buffer.concat(parts), dropped: false }));
          res.on('aborted', () => resolve({ status: res.statusCode!, bytes: Buffer.concat(parts), dropped: true }));
        })
        .on('error', reject);
    });
  }

  test('answers 404 or 500 for one path, or for every path, while the fault lasts', async () => {
    server.setFaults([{ path: '/files/weights.onnx', status: 500 }]);
    const failed = await fetch(url());
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('injected fault: 500 for /files/weights.onnx');
    expect(failed.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${server.url}/files/index.json`)).status).toBe(200);
    server.setFaults([{ status: 404, times: 2 }]);
    expect((await fetch(`${server.url}/files/index.json`)).status).toBe(404);
    expect((await fetch(url())).status).toBe(404);
    expect((await fetch(url())).status).toBe(200);
    expect(server.faults).toEqual([]);
    expect(server.requests.at(-2)).toMatchObject({ status: 404, faults: ['status'] });
  });

  test('drops the connection after N body bytes, the bytes before it intact', async () => {
    server.setFaults([{ cutAfter: 300, times: 1 }]);
    const cut = await receive();
    expect(cut).toMatchObject({ status: 200, dropped: true });
    expect(cut.bytes).toEqual(Buffer.from(bytes.subarray(0, 300)));
    expect(server.requests.at(-1)).toMatchObject({ bytes: 300, faults: ['cut'] });
    const whole = await receive();
    expect(whole).toMatchObject({ status: 200, dropped: false });
    expect(whole.bytes.byteLength).toBe(1000);
  });

  test('drops the connection at a file offset, whichever range carries it; fetch sees a network error', async () => {
    server.setFaults([{ path: '/files/weights.onnx', cutAt: 700 }]);
    const before = await receive({ Range: 'bytes=0-499' });
    expect(before).toMatchObject({ status: 206, dropped: false });
    const cut = await receive({ Range: 'bytes=600-899' });
    expect(cut).toMatchObject({ status: 206, dropped: true });
    expect(cut.bytes).toEqual(Buffer.from(bytes.subarray(600, 700)));
    const response = await fetch(url(), { headers: { Range: 'bytes=650-' } });
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
  });

  test('keeps faults past a cut for later responses: each cut hits once, in order', async () => {
    server.setFaults([
      { cutAt: 500, times: 1 },
      { cutAt: 100, times: 1 },
      { flipAt: 300, times: 1 },
    ]);
    expect((await receive()).bytes.byteLength).toBe(100);
    const second = await receive({ Range: 'bytes=100-' });
    expect(second.bytes.byteLength).toBe(400);
    expect(second.bytes[200]).toBe(bytes[300]! ^ 0xff);
    expect(await receive({ Range: 'bytes=500-' })).toMatchObject({ dropped: false });
    expect(server.faults).toEqual([]);
  });

  test('flips the byte at a file offset in 200 and 206 answers, once when told so', async () => {
    server.setFaults([{ flipAt: 123, times: 2 }]);
    const whole = Buffer.from(await (await fetch(url())).arrayBuffer());
    expect(whole[123]).toBe(bytes[123]! ^ 0xff);
    expect(whole.subarray(0, 123)).toEqual(Buffer.from(bytes.subarray(0, 123)));
    expect(whole.subarray(124)).toEqual(Buffer.from(bytes.subarray(124)));
    const elsewhere = Buffer.from(await (await fetch(url(), { headers: { Range: 'bytes=200-299' } })).arrayBuffer());
    expect(elsewhere).toEqual(Buffer.from(bytes.subarray(200, 300)));
    const ranged = Buffer.from(await (await fetch(url(), { headers: { Range: 'bytes=100-199' } })).arrayBuffer());
    expect(ranged[23]).toBe(bytes[123]! ^ 0xff);
    const after = Buffer.from(await (await fetch(url())).arrayBuffer());
    expect(after).toEqual(Buffer.from(bytes));
  });

  test('goes slow at about the bytes per second asked for', async () => {
    server.setFaults([{ bytesPerSecond: 4000 }]);
    const start = performance.now();
    const body = await (await fetch(url())).arrayBuffer();
    const seconds = (performance.now() - start) / 1000;
    expect(body.byteLength).toBe(1000);
    expect(seconds).toBeGreaterThan(0.2);
    expect(seconds).toBeLessThan(1);
  });

  test('ignores Range when told to: 200 with the whole file', async () => {
    server.setFaults([{ ignoreRange: true }]);
    const response = await fetch(url(), { headers: { Range: 'bytes=10-19' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-range')).toBeNull();
    expect((await response.arrayBuffer()).byteLength).toBe(1000);
    expect(server.requests.at(-1)!.faults).toEqual(['ignore-range']);
  });

  test('setFaults replaces, addFault adds, and faults can start with the server', async () => {
    server.setFaults([{ status: 500 }]);
    server.addFault({ path: '/files/index.json', status: 404 });
    expect(server.faults).toHaveLength(2);
    server.setFaults([]);
    expect((await fetch(url())).status).toBe(200);
    const other = await startStaticServer({ mounts: { '/': dir }, faults: [{ status: 503, times: 1 }] });
    try {
      expect((await fetch(`${other.url}/weights.onnx`)).status).toBe(503);
      expect((await fetch(`${other.url}/weights.onnx`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

test('parseRange follows RFC 9110 for single ranges', () => {
  expect(parseRange(undefined, 10)).toBeUndefined();
  expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
  expect(parseRange('bytes=-20', 10)).toEqual({ start: 0, end: 9 });
  expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
  expect(parseRange('bytes=-', 10)).toBeUndefined();
});
