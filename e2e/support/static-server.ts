// Static HTTP server for browser tests: folders and inline pages with MIME types, Range, HEAD, COOP/COEP and CORS.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface StaticServerOptions {
  /** URL prefix (`'/ort/'`) → folder on disk. The longest matching prefix wins. */
  mounts?: Record<string, string>;
  /** Exact URL path (`'/'`, `'/probe.html'`) → HTML served there; pages win over mounts. */
  pages?: Record<string, string>;
  /** 0 (the default) picks a free port. */
  port?: number;
  // Fault injection (cut after N bytes, flip a byte, answer 404/500, go slow) will be options here, applied in
  // send(): the one place where a response's status, headers and body bytes leave the server.
}

export interface RequestRecord {
  method: string;
  path: string;
  range: string | undefined;
  status: number;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Every request answered so far, in order (to assert e.g. that a download resumed with a Range request). */
  requests: RequestRecord[];
  close(): Promise<void>;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.data': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
};

const ALWAYS = {
  // Pages served here are cross-origin isolated (wasm threads), and the app on another origin may fetch from here.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges',
  'Accept-Ranges': 'bytes',
  'Cache-Control': 'no-store',
};

/** What a URL names: bytes in memory (a page) or a file on disk. */
type Resource = { size: number; type: string } & ({ bytes: Buffer } | { file: string });

type ByteRange = { start: number; end: number }; // inclusive, as in Content-Range

export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const pages = new Map(Object.entries(options.pages ?? {}).map(([p, html]) => [p, Buffer.from(html)]));
  const mounts = Object.entries(options.mounts ?? {})
    .map(([prefix, dir]) => ({ prefix, dir: path.resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const requests: RequestRecord[] = [];

  async function find(pathname: string): Promise<Resource | undefined> {
    const page = pages.get(pathname);
    if (page !== undefined) return { bytes: page, size: page.length, type: MIME_TYPES['.html']! };
    const mount = mounts.find((m) => pathname.startsWith(m.prefix));
    if (mount === undefined) return undefined;
    const file = path.join(mount.dir, pathname.slice(mount.prefix.length));
    if (file !== mount.dir && !file.startsWith(mount.dir + path.sep)) return undefined; // ../ out of the mount
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return { file, size: info.size, type };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const range = req.headers.range;
    let pathname = req.url ?? '/';
    const log = (status: number) => requests.push({ method, path: pathname, range, status });
    try {
      pathname = decodeURIComponent(new URL(pathname, 'http://localhost').pathname);
    } catch {
      return sendText(res, log, 400, `malformed URL: ${pathname}`);
    }

    if (method === 'OPTIONS') {
      // CORS preflight: a suffix range (bytes=-N) is not a CORS-safelisted Range header.
      log(204);
      res.writeHead(204, {
        ...ALWAYS,
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Range',
      });
      res.end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') return sendText(res, log, 405, `${method} not allowed`);

    const resource = await find(pathname);
    if (resource === undefined) return sendText(res, log, 404, `not found: ${pathname}`);

    const wanted = parseRange(range, resource.size);
    if (wanted === 'unsatisfiable') {
      log(416);
      res.writeHead(416, { ...ALWAYS, 'Content-Range': `bytes */${resource.size}` });
      res.end();
      return;
    }
    const bytes = wanted ?? { start: 0, end: resource.size - 1 };
    const status = wanted === undefined ? 200 : 206;
    log(status);
    send(res, method, status, resource, bytes);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, ALWAYS);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, method: string, status: number, resource: Resource, bytes: ByteRange): void {
  const length = bytes.end - bytes.start + 1;
  res.writeHead(status, {
    ...ALWAYS,
    'Content-Type': resource.type,
    'Content-Length': String(length),
    ...(status === 206 ? { 'Content-Range': `bytes ${bytes.start}-${bytes.end}/${resource.size}` } : {}),
  });
  if (method === 'HEAD' || length === 0) {
    res.end();
  } else if ('bytes' in resource) {
    res.end(resource.bytes.subarray(bytes.start, bytes.end + 1));
  } else {
    createReadStream(resource.file, { start: bytes.start, end: bytes.end })
      .on('error', (error) => res.destroy(error))
      .pipe(res);
  }
}

function sendText(res: http.ServerResponse, log: (status: number) => void, status: number, text: string): void {
  log(status);
  res.writeHead(status, { ...ALWAYS, 'Content-Type': MIME_TYPES['.txt']! });
  res.end(text);
}

/**
 * RFC 9110 §14.1.2, single ranges only. undefined: no usable Range header (absent, malformed or several ranges;
 * a server may ignore those and send the whole file). 'unsatisfiable': a well-formed range past the end (→ 416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '') {
    if (last === '') return undefined;
    const suffix = Number(last);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
