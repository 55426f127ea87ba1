// A checkpoint weights file over HTTP as the safetensors reader's ByteSource: the first read fetches the file's head
// (the 8-byte length and the JSON header, and all of a small file) in one Range request and keeps it; every other
// read is one Range request for exactly the bytes asked, retried after a dropped connection.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import type { ByteSource } from '../safetensors/index.ts';
import { StoreError } from '../store-error.ts';
import type { HttpClient } from './http-client.ts';

/** Enough for the header of the real I2VGen-XL UNet (~200 kB of JSON for ~1,700 tensors). */
export const HEAD_BYTES = 1 << 20;

export class RangeSource implements ByteSource {
  private head: Promise<Uint8Array> | undefined;

  constructor(
    readonly name: string,
    private readonly bytes: number,
    private readonly http: HttpClient,
    private readonly headBytes = HEAD_BYTES,
    /** Bytes handed to the reader, per read (progress: how far the conversion has read the file). */
    private readonly onRead: (n: number) => void = () => {},
  ) {}

  size(): Promise<number> {
    return Promise.resolve(this.bytes);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new CheckpointError('offset-out-of-range', `cannot read ${length} bytes at offset ${offset}`, this.name);
    }
    if (offset + length > this.bytes) {
      throw new CheckpointError('truncated', `needs bytes ${offset}..${offset + length} but the file is ${this.bytes} bytes`, this.name);
    }
    if (length === 0) return new Uint8Array(0);
    const bytes = await this.readFrom(offset, length);
    this.onRead(length);
    return bytes;
  }

  private async readFrom(offset: number, length: number): Promise<Uint8Array> {
    const headLength = Math.min(this.headBytes, this.bytes);
    if (offset + length <= headLength) {
      this.head ??= this.fetchRange(0, headLength).catch((e: unknown) => {
        this.head = undefined;
        throw e;
      });
      // A copy: callers may keep (or view) what they get without pinning the head.
      return (await this.head).slice(offset, offset + length);
    }
    return this.fetchRange(offset, length);
  }

  /** Drops the kept head (once the import no longer reads this file). */
  release(): void {
    this.head = undefined;
  }

  private fetchRange(offset: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
    const last = offset + length - 1;
    return this.http.withRetries(async () => {
      const response = await this.http.request(this.name, { headers: { Range: `bytes=${offset}-${last}` }, cache: 'no-store' });
      if (response.status === 200 && !(offset === 0 && length === this.bytes)) {
        throw this.http.httpError(response, this.name, ' instead of 206: the server ignores Range requests, which importing needs');
      }
      if (response.status !== 200 && response.status !== 206) throw this.http.httpError(response, this.name);
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('Content-Range') ?? '');
      // Without an exposed Content-Range, the length check below still catches a wrong answer's size.
      if (range && (Number(range[1]) !== offset || Number(range[2]) !== last)) {
        response.body?.cancel().catch(() => {});
        throw new StoreError('http', `the server answered bytes ${range[1]}-${range[2]} of ${this.name} when asked for ${offset}-${last}`, {
          url: this.name,
          status: response.status,
        });
      }
      return this.http.readBody(response, this.name, length);
    });
  }
}
