// Fetches the chunks of one bundle file with HTTP Range requests: resumes a dropped chunk from its first missing
// byte, reads on from a server that ignores Range (200: the whole file) instead of asking again, and checks every
// chunk's sha256, fetching a corrupt chunk again.
import type { ManifestFile } from '../bundle/manifest.ts';
import { asCancelled, StoreError } from '../store-error.ts';
import { sha256Hex } from '../verify/sha256.ts';
import { BodyReader } from './body-reader.ts';
import { parseContentRange, type PlannedChunk, rangeHeader, resumeRange } from './plan.ts';
import { backoffDelay, isTransient, type RetryPolicy, sleep } from './retry.ts';

export interface FetchContext {
  readonly fetch: typeof fetch;
  readonly signal: AbortSignal | undefined;
  readonly retry: RetryPolicy;
  /** Each recoverable problem (dropped connection, 5xx, corrupt chunk), just before the retry. */
  readonly onRetry: (error: StoreError) => void;
  /** Every byte that arrives, kept or not (progress and rate). */
  readonly onBytes: (n: number) => void;
}

export class FileFetcher {
  private body: BodyReader | undefined;
  /** HTTP requests made so far. */
  requests = 0;

  constructor(
    readonly url: string,
    readonly file: ManifestFile,
    private readonly ctx: FetchContext,
  ) {}

  /** The chunk's bytes once their sha256 matches the manifest; a mismatch is reported and the chunk fetched again. */
  async fetchVerified(chunk: PlannedChunk): Promise<Uint8Array<ArrayBuffer>> {
    for (let attempt = 0; ; attempt++) {
      const bytes = await this.fetchChunk(chunk);
      const actual = await sha256Hex(bytes);
      if (actual === chunk.sha256) return bytes;
      this.close();
      const error = new StoreError(
        'integrity',
        `${this.file.path} chunk ${chunk.index} (bytes ${chunk.offset}–${chunk.offset + chunk.bytes - 1}) is corrupt: ` +
          `sha256 ${actual}, expected ${chunk.sha256}`,
        { url: this.url, file: this.file.path, chunk: chunk.index, expected: chunk.sha256, actual },
      );
      if (attempt >= this.ctx.retry.integrityRetries) throw error;
      this.ctx.onRetry(error);
    }
  }

  /** Stops the response in flight, if any. */
  close(): void {
    this.body?.cancel();
    this.body = undefined;
  }

  private async fetchChunk(chunk: PlannedChunk): Promise<Uint8Array<ArrayBuffer>> {
    const target = new Uint8Array(chunk.bytes);
    let got = 0;
    let failures = 0;
    while (got < chunk.bytes) {
      const before = got;
      try {
        const { first, last } = resumeRange(chunk, got);
        const body = await this.bodyAt(first, last);
        // Counted per piece, so bytes that arrived before a dropped connection are kept.
        await body.readInto(target, got, chunk.bytes - got, (n) => {
          got += n;
          this.ctx.onBytes(n);
        });
        if (got < chunk.bytes && body.cutShort) throw this.cut(body);
        // Otherwise the response ended where it said it would (a shorter range than asked): ask for the rest.
      } catch (e) {
        this.close();
        const error = this.classify(e);
        if (error.code === 'cancelled' || !isTransient(error)) throw error;
        failures = got > before ? 1 : failures + 1;
        if (failures > this.ctx.retry.retries) {
          throw new StoreError(error.code, `${error.message} (gave up after ${this.ctx.retry.retries} retries)`, error.detail);
        }
        this.ctx.onRetry(error);
        await sleep(backoffDelay(this.ctx.retry, failures), this.ctx.signal).catch((x: unknown) => {
          throw asCancelled(x, this.ctx.signal);
        });
      }
    }
    return target;
  }

  /** A response positioned at file offset `first`: the open one when it reaches there, else a new Range request. */
  private async bodyAt(first: number, last: number): Promise<BodyReader> {
    if (this.body?.reaches(first)) {
      await this.body.skip(first - this.body.position);
      if (this.body.position === first) return this.body;
      throw this.cut(this.body);
    }
    this.close();
    this.requests++;
    const response = await this.ctx.fetch(this.url, {
      headers: { Range: rangeHeader(first, last) },
      // Chunks go to IndexedDB; keeping them in the HTTP cache as well would store the model twice.
      cache: 'no-store',
      ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
    });
    if (response.status !== 200 && response.status !== 206) {
      response.body?.cancel().catch(() => {});
      throw new StoreError('http', `the server answered ${response.status} for ${this.url}`, {
        url: this.url,
        file: this.file.path,
        status: response.status,
      });
    }
    if (response.body === null) throw this.httpError(`the server sent no body for ${this.url}`, response.status);
    const reader = response.body.getReader();
    if (response.status === 200) {
      // The server ignored Range and sends the whole file: skip to `first`, and let later chunks of this file read
      // on from the same response rather than download the start of the file again for each.
      this.body = new BodyReader(reader, 0, this.file.bytes - 1);
      return this.bodyAt(first, last);
    }
    const range = parseContentRange(response.headers.get('Content-Range'));
    if (range?.size !== undefined && range.size !== this.file.bytes) {
      reader.cancel().catch(() => {});
      throw this.httpError(`${this.url} has ${range.size} bytes on the server but ${this.file.bytes} in the manifest`, 206);
    }
    if (range !== undefined && range.first !== first) {
      reader.cancel().catch(() => {});
      throw this.httpError(`the server answered bytes ${range.first}-${range.last} of ${this.url} when asked for ${first}-${last}`, 206);
    }
    // Without an exposed Content-Range, trust the request; the chunk's sha256 checks the bytes either way.
    this.body = new BodyReader(reader, first, range?.last ?? last);
    return this.body;
  }

  private cut(body: BodyReader): StoreError {
    return new StoreError('network', `the connection for ${this.url} closed at byte ${body.position}, before byte ${body.last}`, {
      url: this.url,
      file: this.file.path,
    });
  }

  private httpError(message: string, status: number): StoreError {
    return new StoreError('http', message, { url: this.url, file: this.file.path, status });
  }

  private classify(e: unknown): StoreError {
    const cancelled = asCancelled(e, this.ctx.signal);
    if (cancelled instanceof StoreError) return cancelled;
    const why = e instanceof Error ? e.message : String(e);
    return new StoreError('network', `the download of ${this.url} failed: ${why}`, { url: this.url, file: this.file.path });
  }
}
