// The test static server (e2e/support/static-server.ts) speaks HTTP as downloads need: MIME types, Range, HEAD, CORS.
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
    { method: 'GET', path: '/files/weights.onnx', range: 'bytes=0-9', status: 206 },
  ]);
});

test('parseRange follows RFC 9110 for single ranges', () => {
  expect(parseRange(undefined, 10)).toBeUndefined();
  expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
  expect(parseRange('bytes=-20', 10)).toEqual({ start: 0, end: 9 });
  expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
  expect(parseRange('bytes=-', 10)).toBeUndefined();
});
