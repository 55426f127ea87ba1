// writeSafetensorsFile: writeSafetensors to a local file (Node only), written aside and renamed into place when done.
import { open, rename, rm } from 'node:fs/promises';
import { type WriteEntry, writeSafetensors } from './writer.ts';

/** An error leaves no half-written file at `path`: the bytes go to `path.partial` until the last one is written. */
export async function writeSafetensorsFile(
  path: string,
  entries: readonly WriteEntry[],
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  const partial = `${path}.partial`;
  const handle = await open(partial, 'w');
  try {
    const sink = {
      name: path,
      async write(bytes: Uint8Array) {
        let done = 0;
        while (done < bytes.byteLength) {
          const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done);
          done += bytesWritten;
        }
      },
    };
    await writeSafetensors(sink, entries, metadata);
    await handle.close();
    await rename(partial, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}
