// Node folder implementations of CheckpointReader (a diffusers folder) and BundleWriter (a bundle folder; each file
// hashed with sha256 while it is written, and moved into place only when complete).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { BundleWriter, CheckpointReader, FileWriter, WrittenFile } from '../store/bundle/io.ts';
import { fileSource } from '../store/safetensors/node-file-source.ts';

export function folderReader(dir: string): CheckpointReader {
  const root = resolve(dir);
  return {
    name: root,
    async readText(path) {
      const p = join(root, path);
      return existsSync(p) ? readFile(p, 'utf8') : undefined;
    },
    async openBytes(path) {
      const p = join(root, path);
      return existsSync(p) ? fileSource(p) : undefined;
    },
  };
}

export function folderWriter(dir: string): BundleWriter {
  const root = resolve(dir);
  return {
    name: root,
    async create(path): Promise<FileWriter> {
      const target = join(root, path);
      await mkdir(dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      const handle = await open(partial, 'w');
      const hash = createHash('sha256');
      let bytes = 0;
      return {
        async write(chunk) {
          hash.update(chunk);
          let done = 0;
          while (done < chunk.byteLength) {
            done += (await handle.write(chunk, done, chunk.byteLength - done)).bytesWritten;
          }
          bytes += chunk.byteLength;
        },
        async close(): Promise<WrittenFile> {
          await handle.close();
          await rename(partial, target);
          return { path, bytes, sha256: hash.digest('hex') };
        },
      };
    },
  };
}
