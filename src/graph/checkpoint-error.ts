// CheckpointError: every problem with a checkpoint (safetensors file, config, weights) as data with a reason code.

export type CheckpointErrorCode =
  | 'corrupt-header' // the safetensors header is not valid JSON / not the documented layout
  | 'truncated' // the file ends before its header or a tensor's bytes do
  | 'unknown-dtype' // a dtype the reader does not convert
  | 'offset-out-of-range' // data_offsets outside the file, reversed or overlapping
  | 'read-failed' // the byte source failed (HTTP status, Range ignored, I/O error)
  | 'missing-tensor' // a module needs a key the checkpoint lacks
  | 'unused-tensor' // the checkpoint has a key no module consumed
  | 'shape-mismatch' // a tensor's shape differs from the one the config implies
  | 'bad-config'; // a config field is missing or has a value the builder does not support

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
    /** The file (path, URL or Blob name) the problem is in. */
    readonly file: string,
    /** The tensor key or config field, when the problem has one. */
    readonly key?: string,
  ) {
    super(`${file}${key === undefined ? '' : ` [${key}]`}: ${message}`);
  }
}
