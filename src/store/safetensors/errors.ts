// Helpers that keep CheckpointError messages naming the file and, once it is known, the tensor key.
import { CheckpointError } from '../../graph/checkpoint-error.ts';

/**
 * Re-throws a keyless CheckpointError (say, a byte source's 'truncated') with the tensor key it happened for;
 * anything else (an AbortError, an error that already has a key) passes through unchanged.
 */
export function withKey(error: unknown, key: string): unknown {
  if (!(error instanceof CheckpointError) || error.key !== undefined) return error;
  const prefix = `${error.file}: `;
  const bare = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return new CheckpointError(error.code, bare, error.file, key);
}

/** Checks the arguments of ByteSource.read; a bad range is a caller's bug but still names the file. */
export function checkRange(file: string, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new CheckpointError('offset-out-of-range', `cannot read ${length} bytes at offset ${offset}`, file);
  }
}
