// Test support: the fixture path, a byte-level safetensors builder for bad files, and a local HTTP server with Range.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** LOCALMOTION_FIXTURES, or <repo>/../shared/fixtures/i2vgen-xl-tiny. */
export function fixturesDir(): string {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  return process.env.LOCALMOTION_FIXTURES ?? resolve(repo, '../shared/fixtures/i2vgen-xl-tiny');
}

/**
 * A safetensors file from a header (an object is JSON-encoded, a string used as is) and a data area; `headerLength`
 * overrides the 8-byte length so that it can lie.
 */
export function safetensorsBytes(
  header: unknown,
  data: Uint8Array = new Uint8Array(0),
  headerLength?: number,
): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength ?? json.byteLength), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.byteLength);
  return bytes;
}

export interface RangeServer {
  url(path: string): string;
  /** Every request as `METHOD range-header`, for asserting what a reader asked for. */
  readonly requests: string[];
  close(): Promise<void>;
}

export interface RangeServerOptions {
  /** Answer every GET with 200 and the whole file, like a server without Range support. */
  ignoreRange?: boolean;
  /** Answer HEAD with 405, so the size must come from a Range request's Content-Range. */
  noHead?: boolean;
}

/** Serves `files` (path → bytes) on 127.0.0.1 with `Range: bytes=a-b` and `bytes=a-` support; other paths are 404. */
export async function startRangeServer(
  files: Record<string, Uint8Array>,
  opts: RangeServerOptions = {},
): Promise<RangeServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const range = req.headers.range;
    requests.push(`${req.method ?? '?'} ${range ?? ''}`.trim());
    const body = Object.hasOwn(files, req.url ?? '') ? files[req.url ?? ''] : undefined;
    if (body === undefined) return void res.writeHead(404).end('not found');
    if (req.method === 'HEAD') {
      if (opts.noHead) return void res.writeHead(405).end();
      return void res.writeHead(200, { 'Content-Length': body.byteLength, 'Accept-Ranges': 'bytes' }).end();
    }
    const match = /^bytes=(\d+)-(\d*)$/.exec(range ?? '');
    if (opts.ignoreRange || match?.[1] === undefined) {
      return void res.writeHead(200, { 'Content-Length': body.byteLength }).end(body);
    }
    const start = Number(match[1]);
    const end = Math.min(match[2] === '' || match[2] === undefined ? Infinity : Number(match[2]), body.byteLength - 1);
    if (start >= body.byteLength) {
      return void res.writeHead(416, { 'Content-Range': `bytes */${body.byteLength}` }).end();
    }
    const contentRange = `bytes ${start}-${end}/${body.byteLength}`;
    res.writeHead(206, { 'Content-Range': contentRange, 'Content-Length': end - start + 1 });
    res.end(body.subarray(start, end + 1));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections(); // fetch keeps connections alive, which would hold close() open
      }),
  };
}
