// blobSource: a ByteSource over a Blob or File (browser, Web Worker, Node), read by Blob.slice.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import type { ByteSource } from './byte-source.ts';
import { checkRange } from './errors.ts';

/** `name` defaults to the File's name, or 'blob' for a plain Blob. */
export function blobSource(blob: Blob, name?: string): ByteSource {
  const fileName = name ?? blobName(blob);
  return {
    name: fileName,
    size: () => Promise.resolve(blob.size),
    async read(offset, length, signal) {
      checkRange(fileName, offset, length);
      signal?.throwIfAborted();
      if (length === 0) return new Uint8Array(0);
      if (offset + length > blob.size) {
        throw new CheckpointError(
          'truncated',
          `needs bytes ${offset}..${offset + length} but the file is ${blob.size} bytes`,
          fileName,
        );
      }
      let buffer: ArrayBuffer;
      try {
        buffer = await blob.slice(offset, offset + length).arrayBuffer();
      } catch (error) {
        // Browsers throw NotReadableError when a picked file changed or vanished on disk.
        const message = `reading bytes ${offset}..${offset + length}: ${String(error)}`;
        throw new CheckpointError('read-failed', message, fileName);
      }
      signal?.throwIfAborted();
      if (buffer.byteLength !== length) {
        throw new CheckpointError(
          'truncated',
          `asked for ${length} bytes at offset ${offset}, got ${buffer.byteLength}`,
          fileName,
        );
      }
      return new Uint8Array(buffer);
    },
  };
}

function blobName(blob: Blob): string {
  return 'name' in blob && typeof blob.name === 'string' && blob.name !== '' ? blob.name : 'blob';
}
