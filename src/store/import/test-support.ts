// Test helpers for the importer (Node): a fetch that serves a checkpoint folder in the Hugging Face URL layout with
// HEAD and Range, answers 404 for what is not there, and injects faults; the in-memory ModelStorage comes from idb/test-support.ts.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CHECKPOINT_URL = 'http://checkpoint.test/ali-vilab/i2vgen-xl/resolve/main/';

export interface ServedRequest {
  readonly method: string;
  readonly path: string;
  readonly range: string | null;
  readonly status: number;
  readonly bytes: number;
}

export interface FolderFaults {
  /** Answer this status for the path. */
  readonly status?: Readonly<Record<string, number>>;
  /** Drop the connection after this many body bytes, for the next `times` responses of the path. */
  readonly cut?: Readonly<Record<string, { after: number; times: number }>>;
  /** Answer 200 with the whole file whatever Range asks. */
  readonly ignoreRange?: boolean;
}

export function folderFetch(dir: string, faults: FolderFaults = {}) {
  const log: ServedRequest[] = [];
  const cuts = new Map(Object.entries(faults.cut ?? {}).map(([p, c]) => [p, { ...c }]));
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    init?.signal?.throwIfAborted();
    const url = String(input);
    if (!url.startsWith(CHECKPOINT_URL)) throw new TypeError(`no server at ${url}`);
    const path = url.slice(CHECKPOINT_URL.length);
    const method = init?.method ?? 'GET';
    const range = new Headers(init?.headers).get('Range');
    const file = join(dir, path);
    const found = path !== '' && !path.includes('..') && existsSync(file) && statSync(file).isFile();
    const status = faults.status?.[path] ?? (found ? (range && !faults.ignoreRange ? 206 : 200) : 404);
    if (status >= 400) {
      log.push({ method, path, range, status, bytes: 0 });
      return new Response(method === 'HEAD' ? null : 'not found', { status });
    }
    const all = readFileSync(file);
    const m = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
    const first = status === 206 && m ? Number(m[1]) : 0;
    const last = status === 206 && m ? Math.min(Number(m[2]), all.byteLength - 1) : all.byteLength - 1;
    const body = new Uint8Array(all.subarray(first, last + 1));
    const headers: Record<string, string> = { 'Content-Length': String(body.byteLength) };
    if (status === 206) headers['Content-Range'] = `bytes ${first}-${last}/${all.byteLength}`;
    if (method === 'HEAD') {
      log.push({ method, path, range, status, bytes: 0 });
      return new Response(null, { status, headers });
    }
    const cut = cuts.get(path);
    const cutAt = cut && cut.times > 0 && cut.after < body.byteLength ? cut.after : undefined;
    if (cut && cutAt !== undefined) cut.times--;
    log.push({ method, path, range, status, bytes: cutAt ?? body.byteLength });
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at === cutAt) return c.error(new TypeError('network error'));
        if (at === body.byteLength) return c.close();
        const end = Math.min(at + 65536, cutAt ?? body.byteLength, body.byteLength);
        c.enqueue(body.slice(at, end));
        at = end;
      },
    });
    return new Response(stream, { status, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, log };
}

export { memoryStorage } from '../idb/test-support.ts';

export const roomyStorage = { estimate: async () => ({ quota: 1e12, usage: 0 }) };
