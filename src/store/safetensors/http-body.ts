// Header parsing and bounded body reading for httpSource: a response body must be exactly the bytes asked for.
import { CheckpointError } from '../../graph/checkpoint-error.ts';

export function parseContentLength(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

export type ContentRange =
  | { start: number; end: number; total: number | undefined }
  | { start: undefined; end: undefined; total: number };

// `bytes 0-99/1234` → {start 0, end 99, total 1234}; `bytes 0-99/*` has no total; a 416's `bytes */1234` has a total.
export function parseContentRange(value: string | null): ContentRange | undefined {
  if (value === null) return undefined;
  const unsatisfied = /^bytes \*\/(\d+)$/.exec(value.trim());
  if (unsatisfied?.[1] !== undefined) return { start: undefined, end: undefined, total: Number(unsatisfied[1]) };
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? undefined : Number(match[3]) };
}

/**
 * Streams the body into one buffer of `length` bytes: a longer body is cancelled as soon as it overflows
 * ('read-failed', so a server sending a 1 GB file for an 8-byte request costs one chunk), a shorter one is 'truncated'.
 */
export async function readBodyExactly(
  res: Response,
  length: number,
  url: string,
  wanted: string,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let done = 0;
  try {
    if (res.body === null) {
      const all = new Uint8Array(await res.arrayBuffer());
      if (all.byteLength > length) throw tooLong(url, wanted);
      bytes.set(all);
      done = all.byteLength;
    } else {
      const reader = res.body.getReader();
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        if (done + value.byteLength > length) {
          await reader.cancel().catch(() => undefined);
          throw tooLong(url, wanted);
        }
        bytes.set(value, done);
        done += value.byteLength;
      }
    }
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError('read-failed', `reading the body for ${wanted}: ${String(error)}`, url);
  }
  if (done < length) {
    throw new CheckpointError('truncated', `asked for ${wanted}, the body ended after ${done} bytes`, url);
  }
  return bytes;
}

function tooLong(url: string, wanted: string): CheckpointError {
  return new CheckpointError('read-failed', `asked for ${wanted}, the server sent more (Range ignored?)`, url);
}
