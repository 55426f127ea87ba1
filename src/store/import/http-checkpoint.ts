// A diffusers checkpoint served over HTTP (the Hugging Face URL layout) as the converter's CheckpointReader: text
// files are fetched whole, weights files become Range-read byte sources sized by a HEAD request. Answers are kept,
// so planning the import and converting it never ask for the same file twice. A 404 means "not there".
import type { CheckpointReader } from '../bundle/io.ts';
import { HttpClient, type HttpClientOptions } from './http-client.ts';
import { fileUrl } from './layout.ts';
import { HEAD_BYTES, RangeSource } from './range-source.ts';

export interface HttpCheckpointOptions extends HttpClientOptions {
  /** Bytes fetched by the first read of each weights file (default 1 MiB). */
  readonly headBytes?: number;
  /** Weight bytes handed to the safetensors reader (from the network or a kept head), per read. */
  readonly onRead?: (n: number) => void;
}

export interface HttpCheckpointReader extends CheckpointReader {
  readonly http: HttpClient;
  openBytes(path: string): Promise<RangeSource | undefined>;
  /** Lets go of the kept file heads. */
  release(): void;
}

const absent = (status: number) => status === 404 || status === 410;

/** `base` is the checkpoint's folder URL with a trailing slash (layout.ts checkpointBase). */
export function httpCheckpointReader(base: string, o: HttpCheckpointOptions = {}): HttpCheckpointReader {
  const http = new HttpClient(o);
  const texts = new Map<string, Promise<string | undefined>>();
  const sources = new Map<string, Promise<RangeSource | undefined>>();
  const keep = <T>(cache: Map<string, Promise<T>>, path: string, load: () => Promise<T>): Promise<T> => {
    let p = cache.get(path);
    if (p === undefined) {
      p = load();
      cache.set(path, p);
      p.catch(() => cache.delete(path)); // a failure is not kept: asking again asks the server again
    }
    return p;
  };

  const readText = (path: string) =>
    keep(texts, path, () => {
      const url = fileUrl(base, path);
      return http.withRetries(async () => {
        const response = await http.request(url);
        if (absent(response.status)) {
          response.body?.cancel().catch(() => {});
          return undefined;
        }
        if (!response.ok) throw http.httpError(response, url);
        return http.readText(response, url);
      });
    });

  const openBytes = (path: string) =>
    keep(sources, path, async () => {
      const url = fileUrl(base, path);
      const size = await http.withRetries(async () => {
        const response = await http.request(url, { method: 'HEAD' });
        if (absent(response.status)) return undefined;
        if (!response.ok) throw http.httpError(response, url);
        return response.headers.has('Content-Encoding') ? NaN : Number(response.headers.get('Content-Length') ?? NaN);
      });
      if (size === undefined) return undefined;
      return new RangeSource(url, Number.isSafeInteger(size) ? size : await sizeFromRange(http, url), http, o.headBytes ?? HEAD_BYTES, o.onRead);
    });

  return {
    name: base,
    http,
    readText,
    openBytes,
    release() {
      for (const s of sources.values()) void s.then((source) => source?.release(), () => {});
    },
  };
}

/** A server whose HEAD gives no usable Content-Length: the total of a one-byte Range answer's Content-Range. */
async function sizeFromRange(http: HttpClient, url: string): Promise<number> {
  return http.withRetries(async () => {
    const response = await http.request(url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    response.body?.cancel().catch(() => {});
    const total = /\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '')?.[1];
    if (response.status !== 206 || total === undefined) {
      throw http.httpError(response, url, ': cannot tell the file size (no Content-Length, no Content-Range total)');
    }
    return Number(total);
  });
}
