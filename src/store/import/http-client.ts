// The importer's HTTP requests: each failure becomes a StoreError naming the URL, dropped connections and server
// trouble (5xx, 408, 429) are retried with backoff (download/retry.ts), and every request and body byte is counted.
import { asCancelled, StoreError } from '../store-error.ts';
import { backoffDelay, DEFAULT_RETRY, isTransient, type RetryPolicy, sleep } from '../download/retry.ts';

export interface HttpClientOptions extends Partial<RetryPolicy> {
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  /** Every body byte as it arrives (progress). */
  readonly onBytes?: (n: number) => void;
  /** Each recoverable problem, just before its retry. */
  readonly onRetry?: (error: StoreError) => void;
}

export class HttpClient {
  /** HTTP requests made (HEAD and GET, retries included). */
  requests = 0;
  /** Body bytes received. */
  receivedBytes = 0;
  readonly signal: AbortSignal | undefined;
  private readonly fetcher: typeof fetch;
  private readonly retry: RetryPolicy;

  constructor(private readonly o: HttpClientOptions = {}) {
    this.fetcher = o.fetch ?? globalThis.fetch.bind(globalThis);
    this.signal = o.signal;
    this.retry = {
      retries: o.retries ?? DEFAULT_RETRY.retries,
      integrityRetries: o.integrityRetries ?? DEFAULT_RETRY.integrityRetries,
      backoffMs: o.backoffMs ?? DEFAULT_RETRY.backoffMs,
    };
  }

  /** One request; a failed connection is a `network` error. The caller checks the status. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    this.requests++;
    try {
      return await this.fetcher(url, { ...init, ...(this.signal ? { signal: this.signal } : {}) });
    } catch (e) {
      throw this.failure(e, `could not fetch ${url}`, url);
    }
  }

  /** Runs `attempt` until it succeeds, fails for good, or transient failures in a row run out. */
  async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let failures = 0; ; ) {
      try {
        return await attempt();
      } catch (e) {
        const error = asCancelled(e, this.signal);
        if (!(error instanceof StoreError) || error.code === 'cancelled' || !isTransient(error)) throw error;
        failures++;
        if (failures > this.retry.retries) {
          throw new StoreError(error.code, `${error.message} (gave up after ${this.retry.retries} retries)`, error.detail);
        }
        this.o.onRetry?.(error);
        await sleep(backoffDelay(this.retry, failures), this.signal).catch((x: unknown) => {
          throw asCancelled(x, this.signal);
        });
      }
    }
  }

  /** The body, exactly `length` bytes of it: a shorter body is a dropped connection, a longer one a server error. */
  async readBody(response: Response, url: string, length: number): Promise<Uint8Array<ArrayBuffer>> {
    const target = new Uint8Array(length);
    let got = 0;
    try {
      const reader = response.body?.getReader();
      if (reader === undefined) {
        const all = new Uint8Array(await response.arrayBuffer());
        if (all.byteLength > length) throw this.tooLong(url, length);
        target.set(all);
        got = all.byteLength;
        this.count(got);
      } else {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (got + value.byteLength > length) {
            await reader.cancel().catch(() => {});
            throw this.tooLong(url, length);
          }
          target.set(value, got);
          got += value.byteLength;
          this.count(value.byteLength);
        }
      }
    } catch (e) {
      throw this.failure(e, `the connection for ${url} broke after ${got} of ${length} bytes`, url);
    }
    if (got < length) throw new StoreError('network', `the connection for ${url} closed after ${got} of ${length} bytes`, { url });
    return target;
  }

  /** The body as text (small files only). */
  async readText(response: Response, url: string): Promise<string> {
    try {
      const bytes = new Uint8Array(await response.arrayBuffer());
      this.count(bytes.byteLength);
      return new TextDecoder().decode(bytes);
    } catch (e) {
      throw this.failure(e, `the connection for ${url} broke`, url);
    }
  }

  httpError(response: Response, url: string, why = ''): StoreError {
    response.body?.cancel().catch(() => {});
    return new StoreError('http', `the server answered ${response.status} for ${url}${why}`, { url, status: response.status });
  }

  private count(n: number): void {
    this.receivedBytes += n;
    this.o.onBytes?.(n);
  }

  private tooLong(url: string, length: number): StoreError {
    return new StoreError('http', `the server sent more than the ${length} bytes asked for from ${url}`, { url });
  }

  /** An abort as `cancelled`, a StoreError as it is, anything else as a `network` error. */
  private failure(e: unknown, message: string, url: string): unknown {
    const error = asCancelled(e, this.signal);
    if (error instanceof StoreError) return error;
    return new StoreError('network', `${message}: ${e instanceof Error ? e.message : String(e)}`, { url });
  }
}
