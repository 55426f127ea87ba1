// External data for one graph: initializers appended to `<graph>.onnx.data`, rolling over to `<graph>.onnx.1.data`,
// … so that every file stays under `maxFileBytes` (< 2 GB: the protobuf and many loaders' limit).
import type { ExternalDataSink } from '../../graph/onnx/emit.ts';
import type { BundleWriter, FileWriter, WrittenFile } from './io.ts';

export const MAX_EXTERNAL_FILE_BYTES = 2 ** 31 - 2 ** 24; // 2 GiB − 16 MiB

/** Initializer offsets are aligned so that runtimes may map them directly. */
const ALIGN = 64;

export class SplitExternalData implements ExternalDataSink {
  private current: { writer: FileWriter; path: string; offset: number } | undefined;
  readonly written: WrittenFile[] = [];

  constructor(
    private readonly bundle: BundleWriter,
    private readonly graph: string,
    private readonly maxFileBytes = MAX_EXTERNAL_FILE_BYTES,
  ) {}

  async append(bytes: Uint8Array): Promise<{ location: string; offset: number }> {
    if (bytes.byteLength > this.maxFileBytes) throw new Error(`${this.graph}: one tensor of ${bytes.byteLength} bytes exceeds the external data file limit`);
    let file = this.current;
    const padding = file ? (ALIGN - (file.offset % ALIGN)) % ALIGN : 0;
    if (!file || file.offset + padding + bytes.byteLength > this.maxFileBytes) {
      await this.finishCurrent();
      const index = this.written.length;
      const path = index === 0 ? `${this.graph}.onnx.data` : `${this.graph}.onnx.${index}.data`;
      file = this.current = { writer: await this.bundle.create(path), path, offset: 0 };
    } else if (padding > 0) {
      await file.writer.write(new Uint8Array(padding));
      file.offset += padding;
    }
    const offset = file.offset;
    await file.writer.write(bytes);
    file.offset += bytes.byteLength;
    return { location: file.path, offset };
  }

  /** Closes the last file; returns every file written, in order. */
  async finish(): Promise<WrittenFile[]> {
    await this.finishCurrent();
    return this.written;
  }

  private async finishCurrent(): Promise<void> {
    if (this.current) this.written.push(await this.current.writer.close());
    this.current = undefined;
  }
}
