// One HTTP response body as a positioned byte stream: reads into a caller's buffer or skips forward, and knows which
// file bytes it still promises (a 206 covers its Content-Range, a 200 the whole file).

export class BodyReader {
  private pending: Uint8Array | undefined;
  private ended = false;

  /** position: the file offset of the next byte; last: the file offset of the last byte this response carries. */
  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    public position: number,
    readonly last: number,
  ) {}

  /** Whether the response ended before delivering every byte it promised. */
  get cutShort(): boolean {
    return this.ended && this.position <= this.last;
  }

  /** Whether this response can still serve file offset `at` by reading (or skipping) forward. */
  reaches(at: number): boolean {
    return !this.ended && at >= this.position && at <= this.last;
  }

  /**
   * Copies up to `length` bytes into `target` at `at`; resolves with how many arrived before the body ended.
   * `onBytes` sees every piece as it lands (progress). Rejects when the connection fails (a TypeError).
   */
  async readInto(target: Uint8Array, at: number, length: number, onBytes: (n: number) => void = () => {}): Promise<number> {
    let got = 0;
    while (got < length) {
      const piece = await this.next();
      if (piece === undefined) break;
      const n = Math.min(piece.byteLength, length - got);
      target.set(piece.subarray(0, n), at + got);
      if (n < piece.byteLength) this.pending = piece.subarray(n);
      got += n;
      this.position += n;
      onBytes(n);
    }
    return got;
  }

  /** Discards `length` bytes (a server that ignored Range sends the file from its start). */
  async skip(length: number): Promise<number> {
    let skipped = 0;
    while (skipped < length) {
      const piece = await this.next();
      if (piece === undefined) break;
      const n = Math.min(piece.byteLength, length - skipped);
      if (n < piece.byteLength) this.pending = piece.subarray(n);
      skipped += n;
      this.position += n;
    }
    return skipped;
  }

  /** Stops the transfer; safe to call more than once. */
  cancel(): void {
    this.ended = true;
    this.reader.cancel().catch(() => {});
  }

  private async next(): Promise<Uint8Array | undefined> {
    if (this.pending !== undefined) {
      const p = this.pending;
      this.pending = undefined;
      return p;
    }
    if (this.ended) return undefined;
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await this.reader.read();
    } catch (e) {
      this.ended = true;
      throw e;
    }
    const { done, value } = result;
    if (done) {
      this.ended = true;
      return undefined;
    }
    return value;
  }
}
