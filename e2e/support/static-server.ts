// Static HTTP server for browser tests: folders and inline pages with MIME types, Range, HEAD, COOP/COEP and CORS,
// and faults injected on request (cut the connection, flip a byte, answer 404/500, go slow, ignore Range).
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
  /** Faults active from the start (see StaticServer.setFaults). */
  faults?: Fault[];
}

/**
 * A fault the server injects into GET/HEAD responses. Offsets are file offsets (as in Range), so a fault hits the
 * same byte whichever range is asked for. Several faults may apply to one response.
 */
export interface Fault {
  /** Exact URL path (`/bundle/unet.onnx`); every path when absent. */
  path?: string;
  /** Answer this status (404, 500, …) with a short text body instead of the file. */
  status?: number;
  /** Drop the connection after this many body bytes (of a response longer than that). */
  cutAfter?: number;
  /** Drop the connection just before sending the byte at this file offset (of a response that carries it). */
  cutAt?: number;
  /** Invert the byte at this file offset (of a response that carries it). */
  flipAt?: number;
  /** Send the body at about this many bytes per second. */
  bytesPerSecond?: number;
  /** Answer 200 with the whole file, whatever Range asks for. */
  ignoreRange?: boolean;
  /** Responses the fault may still hit; when it reaches 0 the fault is gone (default: until cleared). */
  times?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  range: string | undefined;
  status: number;
  /** Body bytes sent (so far: a slow or cut response updates it as it goes). */
  bytes: number;
  /** Which faults hit the response: 'status', 'cut', 'flip', 'slow', 'ignore-range'. */
  faults: string[];
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Every request answered so far, in order (to assert e.g. that a download resumed with a Range request). */
  requests: RequestRecord[];
  /** Replaces the active faults (a copy of each is kept; `times` counts down on the copy). */
  setFaults(faults: Fault[]): void;
  addFault(fault: Fault): void;
  /** The faults still active. */
  readonly faults: readonly Fault[];
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
  let faults: Fault[] = (options.faults ?? []).map((f) => ({ ...f }));

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

  /** Uses up one of the fault's `times`, dropping it at 0. */
  function spend(fault: Fault): void {
    if (fault.times === undefined) return;
    fault.times -= 1;
    if (fault.times <= 0) faults = faults.filter((f) => f !== fault);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const range = req.headers.range;
    let pathname = req.url ?? '/';
    let record: RequestRecord | undefined;
    const log = (status: number) => {
      record = { method, path: pathname, range, status, bytes: 0, faults: [] };
      requests.push(record);
      return record;
    };
    try {
      pathname = decodeURIComponent(new URL(pathname, 'http://localhost').pathname);
    } catch {
      return sendText(res, log(400), `malformed URL: ${pathname}`);
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
    if (method !== 'GET' && method !== 'HEAD') return sendText(res, log(405), `${method} not allowed`);

    const active = faults.filter((f) => f.path === undefined || f.path === pathname);
    const failing = active.find((f) => f.status !== undefined);
    if (failing) {
      spend(failing);
      const r = log(failing.status!);
      r.faults.push('status');
      return sendText(res, r, `injected fault: ${failing.status} for ${pathname}`);
    }

    const resource = await find(pathname);
    if (resource === undefined) return sendText(res, log(404), `not found: ${pathname}`);

    const ignoring = active.find((f) => f.ignoreRange);
    const wanted = ignoring ? undefined : parseRange(range, resource.size);
    if (wanted === 'unsatisfiable') {
      log(416);
      res.writeHead(416, { ...ALWAYS, 'Content-Range': `bytes */${resource.size}` });
      res.end();
      return;
    }
    const bytes = wanted ?? { start: 0, end: resource.size - 1 };
    const status = wanted === undefined ? 200 : 206;
    const r = log(status);
    if (ignoring && range !== undefined) {
      spend(ignoring);
      r.faults.push('ignore-range');
    }
    await send(res, method, status, resource, bytes, r, method === 'HEAD' ? {} : bodyFaults(active, bytes, r, spend));
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
    setFaults: (list) => (faults = list.map((f) => ({ ...f }))),
    addFault: (f) => faults.push({ ...f }),
    get faults() {
      return faults;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** What happens to one response body: where to cut (file offset), which bytes to invert, how fast to send. */
interface BodyFaults {
  cutAt?: number;
  flips?: number[];
  bytesPerSecond?: number;
}

function bodyFaults(active: Fault[], bytes: ByteRange, r: RequestRecord, spend: (f: Fault) => void): BodyFaults {
  const carries = (offset: number | undefined) => offset !== undefined && offset >= bytes.start && offset <= bytes.end;
  // The earliest cut wins; faults at or past it never reach the client, so they stay for a later response.
  const cuts = active
    .map((f) => ({ f, at: f.cutAfter !== undefined ? bytes.start + f.cutAfter : f.cutAt }))
    .filter((c): c is { f: Fault; at: number } => carries(c.at))
    .sort((a, b) => a.at - b.at);
  const cut = cuts[0];
  const flips = active.filter((f) => carries(f.flipAt) && (cut === undefined || f.flipAt! < cut.at));
  const slow = active.filter((f) => f.bytesPerSecond !== undefined);
  if (cut) {
    spend(cut.f);
    r.faults.push('cut');
  }
  for (const f of flips) spend(f);
  if (flips.length > 0) r.faults.push('flip');
  for (const f of slow) spend(f);
  if (slow.length > 0) r.faults.push('slow');
  return {
    ...(cut ? { cutAt: cut.at } : {}),
    flips: flips.map((f) => f.flipAt!),
    ...(slow.length > 0 ? { bytesPerSecond: Math.min(...slow.map((f) => f.bytesPerSecond!)) } : {}),
  };
}

async function send(
  res: http.ServerResponse,
  method: string,
  status: number,
  resource: Resource,
  bytes: ByteRange,
  record: RequestRecord,
  faults: BodyFaults,
): Promise<void> {
  const length = bytes.end - bytes.start + 1;
  res.writeHead(status, {
    ...ALWAYS,
    'Content-Type': resource.type,
    'Content-Length': String(length),
    ...(status === 206 ? { 'Content-Range': `bytes ${bytes.start}-${bytes.end}/${resource.size}` } : {}),
  });
  if (method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  const body: Iterable<Buffer> | AsyncIterable<Buffer> =
    'bytes' in resource
      ? [resource.bytes.subarray(bytes.start, bytes.end + 1)]
      : (createReadStream(resource.file, { start: bytes.start, end: bytes.end }) as AsyncIterable<Buffer>);
  // Without faults, 64 KiB writes; a slow response writes ~20 slices a second.
  const slice = faults.bytesPerSecond ? Math.max(1, Math.floor(faults.bytesPerSecond / 20)) : 64 * 1024;
  let position = bytes.start;
  try {
    for await (const piece of body) {
      for (let at = 0; at < piece.byteLength; at += slice) {
        let part = piece.subarray(at, Math.min(at + slice, piece.byteLength));
        const end = position + part.byteLength;
        const flips = (faults.flips ?? []).filter((f) => f >= position && f < end);
        if (flips.length > 0) {
          part = Buffer.from(part);
          for (const f of flips) part[f - position] = part[f - position]! ^ 0xff;
        }
        if (faults.cutAt !== undefined && faults.cutAt < end) {
          // Send what comes before the cut, then close the connection short of Content-Length: the client gets
          // exactly those bytes and then a failed body (a reset could drop bytes still in flight, making the
          // offset vary from run to run).
          await write(res, part.subarray(0, faults.cutAt - position));
          record.bytes += faults.cutAt - position;
          res.socket?.destroySoon();
          return;
        }
        await write(res, part);
        record.bytes += part.byteLength;
        position = end;
        if (faults.bytesPerSecond) await new Promise((r) => setTimeout(r, (part.byteLength / faults.bytesPerSecond!) * 1000));
      }
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
  }
}

/** Resolves once the bytes are handed to the socket (so a cut right after still delivers them). */
function write(res: http.ServerResponse, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.destroyed) return reject(new Error('the client went away'));
    res.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

function sendText(res: http.ServerResponse, record: RequestRecord, text: string): void {
  res.writeHead(record.status, { ...ALWAYS, 'Content-Type': MIME_TYPES['.txt']! });
  res.end(text);
  record.bytes = Buffer.byteLength(text);
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
