// ByteSource: random access to the bytes of one file (Blob, HTTP URL or local path) for the safetensors reader.

export interface ByteSource {
  /** Names the file in every error: a path, a URL or a Blob's name. */
  readonly name: string;
  /** Size of the whole file in bytes. */
  size(): Promise<number>;
  /**
   * Exactly `length` bytes starting at `offset`; throws CheckpointError 'truncated' when the file ends first and
   * 'read-failed' when the source itself fails. An aborted signal rejects with the signal's reason.
   */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
}
