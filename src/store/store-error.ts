// StoreError: every problem of the model store (manifest, download, storage) as data with a reason code, so the UI
// can word it and tell a pause (`cancelled`) from a failure.

export type StoreErrorCode =
  | 'manifest' // manifest.json is not valid JSON or breaks the format (the message names the field)
  | 'http' // the server answered a status we cannot use (404, 500, a range we did not ask for)
  | 'network' // the connection failed or dropped and retries ran out
  | 'integrity' // a chunk's sha256 differs from the manifest's
  | 'quota' // not enough free storage for what is still missing
  | 'storage' // IndexedDB refused a read or write
  | 'missing' // the model, file or chunk is not in the store (or not installed yet)
  | 'cancelled'; // the caller aborted (pause); not a failure

export interface StoreErrorDetail {
  readonly url?: string;
  /** Path of the bundle file, relative to the bundle root. */
  readonly file?: string;
  /** Chunk index within the file. */
  readonly chunk?: number;
  readonly expected?: string | number;
  readonly actual?: string | number;
  /** HTTP status. */
  readonly status?: number;
  /** The manifest field a `manifest` error is about (`manifest.files[2].chunks[0].sha256`). */
  readonly field?: string;
}

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly detail: StoreErrorDetail = {},
  ) {
    super(message);
  }
}

export const isStoreError = (e: unknown, code?: StoreErrorCode): e is StoreError =>
  e instanceof StoreError && (code === undefined || e.code === code);

/** An abort (DOMException AbortError, or the signal's reason) as a `cancelled` StoreError; anything else unchanged. */
export function asCancelled(error: unknown, signal: AbortSignal | undefined): unknown {
  if (error instanceof StoreError) return error;
  const aborted = signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
  return aborted ? new StoreError('cancelled', 'the download was paused') : error;
}
