// httpSource: a ByteSource over an HTTP(S) URL, one `Range: bytes=a-b` GET per read; ignoring Range is an error.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import type { ByteSource } from './byte-source.ts';
import { checkRange } from './errors.ts';
import { parseContentLength, parseContentRange, readBodyExactly } from './http-body.ts';

export interface HttpSourceOptions {
  /** Defaults to the global fetch; tests and service workers pass their own. */
  fetch?: typeof fetch;
  /** Sent with every request (an Authorization header, say). */
  headers?: Record<string, string>;
}

export function httpSource(url: string, opts: HttpSourceOptions = {}): ByteSource {
  const headers = opts.headers ?? {};
  const request = async (method: string, extra: Record<string, string>, signal?: AbortSignal): Promise<Response> => {
    const doFetch = opts.fetch ?? globalThis.fetch;
    try {
      return await doFetch(url, { method, headers: { ...headers, ...extra }, signal: signal ?? null });
    } catch (error) {
      signal?.throwIfAborted();
      throw new CheckpointError('read-failed', `${method} failed: ${String(error)}`, url);
    }
  };
  let size: Promise<number> | undefined;

  return {
    name: url,
    size() {
      size ??= probeSize(url, request).catch((error: unknown) => {
        size = undefined; // a failed probe is retried by the next call
        throw error;
      });
      return size;
    },
    async read(offset, length, signal) {
      checkRange(url, offset, length);
      signal?.throwIfAborted();
      if (length === 0) return new Uint8Array(0);
      const last = offset + length - 1;
      const wanted = `bytes ${offset}-${last}`;
      const res = await request('GET', { Range: `bytes=${offset}-${last}` }, signal);
      const fail = async (code: 'read-failed' | 'truncated', message: string): Promise<never> => {
        await res.body?.cancel().catch(() => undefined);
        throw new CheckpointError(code, message, url);
      };

      if (res.status === 206) {
        const range = parseContentRange(res.headers.get('content-range'));
        if (range !== undefined && (range.start !== offset || range.end > last)) {
          return fail('read-failed', `asked for ${wanted}, server sent bytes ${range.start}-${range.end}`);
        }
        if (range !== undefined && range.end < last) {
          return fail('truncated', `asked for ${wanted}, but the file is ${range.total ?? range.end + 1} bytes`);
        }
        return readBodyExactly(res, length, url, wanted, signal);
      }
      if (res.status === 200) {
        // The server ignored Range and is sending the whole file: fine only when the whole file was asked for.
        const total = parseContentLength(res.headers.get('content-length'));
        if (offset !== 0 || (total !== undefined && total !== length)) {
          return fail('read-failed', `asked for ${wanted}, server ignored Range and answered 200 with the whole file`);
        }
        return readBodyExactly(res, length, url, wanted, signal);
      }
      if (res.status === 416) return fail('truncated', `${wanted} lie past the end of the file (HTTP 416)`);
      return fail('read-failed', `HTTP ${res.status} ${res.statusText} for ${wanted}`);
    },
  };
}

type Request = (method: string, extra: Record<string, string>) => Promise<Response>;

/** Size from a HEAD's Content-Length, else from the total in the Content-Range of a GET for byte 0. */
async function probeSize(url: string, request: Request): Promise<number> {
  const head = await request('HEAD', {});
  if (head.status === 404 || head.status === 410) {
    throw new CheckpointError('read-failed', `HTTP ${head.status} ${head.statusText} for HEAD`, url);
  }
  // A Content-Encoding makes Content-Length the compressed size, which says nothing about byte offsets.
  if (head.ok && !head.headers.has('content-encoding')) {
    const length = parseContentLength(head.headers.get('content-length'));
    if (length !== undefined) return length;
  }
  const res = await request('GET', { Range: 'bytes=0-0' });
  await res.body?.cancel().catch(() => undefined);
  const total =
    res.status === 206 || res.status === 416
      ? parseContentRange(res.headers.get('content-range'))?.total
      : res.status === 200
        ? parseContentLength(res.headers.get('content-length'))
        : undefined;
  if (total !== undefined) return total;
  const why = res.ok ? 'no Content-Length or Content-Range total' : `HTTP ${res.status} ${res.statusText}`;
  throw new CheckpointError('read-failed', `cannot tell the file size: ${why}`, url);
}
