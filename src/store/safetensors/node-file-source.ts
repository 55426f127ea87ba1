// fileSource: a ByteSource over a local file (Node only: fs/promises FileHandle.read); index.ts never imports it.
import { open, stat } from 'node:fs/promises';
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import type { ByteSource } from './byte-source.ts';
import { checkRange } from './errors.ts';

/** FileHandle.read takes at most 2 GiB - 1 per call; larger tensors are read in pieces of this size. */
const MAX_READ = 1 << 30;

/** Opens the file for each read, so a source holds no handle between reads and needs no close(). */
export function fileSource(path: string): ByteSource {
  return {
    name: path,
    async size() {
      try {
        return (await stat(path)).size;
      } catch (error) {
        throw new CheckpointError('read-failed', `cannot stat: ${String(error)}`, path);
      }
    },
    async read(offset, length, signal) {
      checkRange(path, offset, length);
      signal?.throwIfAborted();
      const bytes = new Uint8Array(length);
      if (length === 0) return bytes;
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        throw new CheckpointError('read-failed', `cannot open: ${String(error)}`, path);
      }
      try {
        let done = 0;
        while (done < length) {
          signal?.throwIfAborted();
          const want = Math.min(length - done, MAX_READ);
          let bytesRead: number;
          try {
            ({ bytesRead } = await handle.read(bytes, done, want, offset + done));
          } catch (error) {
            throw new CheckpointError('read-failed', `reading at offset ${offset + done}: ${String(error)}`, path);
          }
          if (bytesRead === 0) {
            throw new CheckpointError(
              'truncated',
              `needs bytes ${offset}..${offset + length} but the file ends at ${offset + done}`,
              path,
            );
          }
          done += bytesRead;
        }
        return bytes;
      } finally {
        await handle.close();
      }
    },
  };
}
