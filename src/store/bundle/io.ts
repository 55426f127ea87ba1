// Where a conversion reads a diffusers checkpoint from and writes a bundle to. Node implements both with folders
// (cli/), the browser importer with HTTP Range reads and IndexedDB chunks.
import type { ByteSource } from '../safetensors/index.ts';

export interface CheckpointReader {
  /** Names the checkpoint in messages (folder path or base URL). */
  readonly name: string;
  /** A text file of the diffusers layout (`vae/config.json`), or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** A binary file as a lazily read byte source, or undefined when it does not exist. */
  openBytes(path: string): Promise<ByteSource | undefined>;
}

export interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface FileWriter {
  write(bytes: Uint8Array): Promise<void>;
  /** Finishes the file; resolves with its size and sha256. */
  close(): Promise<WrittenFile>;
}

export interface BundleWriter {
  readonly name: string;
  create(path: string): Promise<FileWriter>;
}

export async function writeWhole(writer: BundleWriter, path: string, bytes: Uint8Array): Promise<WrittenFile> {
  const f = await writer.create(path);
  await f.write(bytes);
  return f.close();
}
