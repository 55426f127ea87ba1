// Retry policy of the downloader: which failures are worth another try, and how long to wait before it.
import { StoreError } from '../store-error.ts';

export interface RetryPolicy {
  /** Failures in a row without a new byte before a chunk gives up (default 5). */
  readonly retries: number;
  /** Times a chunk is fetched again after a sha256 mismatch (default 2). */
  readonly integrityRetries: number;
  /** Wait before the first retry; doubles per failure in a row, at most 32× (default 500 ms). */
  readonly backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, integrityRetries: 2, backoffMs: 500 };

/** Dropped connections and server-side trouble (5xx, 408, 429) may pass; a 404 or a bad range will not. */
export function isTransient(error: StoreError): boolean {
  if (error.code === 'network') return true;
  const s = error.detail.status;
  return error.code === 'http' && s !== undefined && (s >= 500 || s === 408 || s === 429);
}

export const backoffDelay = (policy: RetryPolicy, failuresInARow: number): number =>
  policy.backoffMs * 2 ** Math.min(Math.max(failuresInARow - 1, 0), 5);

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
