// EngineError: every failure the engine reports, as data (a code the UI turns into words, a message for logs, and
// details), plus the plain-object form it takes across the worker boundary. Types and pure functions only.

export const ENGINE_ERROR_CODES = [
  'bad-request', // a parameter or the image is invalid; detail.field names it
  'bad-image', // the image could not be decoded
  'no-model', // generate() before load()
  'model', // the bundle is unusable (manifest, missing graph, session creation failed)
  'busy', // a generation is already running
  'cancelled', // the user cancelled: not a failure
  'device-lost', // the GPU device was lost; the next call starts over
  'no-webgpu', // WebGPU was asked for and is not there
  'out-of-memory', // the GPU or wasm heap ran out
  'encode', // the video could not be encoded
  'internal', // anything else (a bug)
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/** `code` when it is one of the engine's codes, else 'internal' (a thrown value's code may be anything). */
export function engineErrorCode(code: unknown): EngineErrorCode {
  return typeof code === 'string' && (ENGINE_ERROR_CODES as readonly string[]).includes(code) ? (code as EngineErrorCode) : 'internal';
}

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The structured-clone form of an EngineError. */
export interface SerializedEngineError {
  readonly code: EngineErrorCode;
  readonly message: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly stack?: string;
}

export function serializeError(e: EngineError): SerializedEngineError {
  return { code: e.code, message: e.message, detail: e.detail, ...(e.stack ? { stack: e.stack } : {}) };
}

export function deserializeError(s: SerializedEngineError): EngineError {
  const e = new EngineError(s.code, s.message, s.detail);
  if (s.stack) e.stack = s.stack;
  return e;
}

/** Any thrown value as an EngineError: aborts become `cancelled`, other errors `internal` (message kept). */
export function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new EngineError('cancelled', 'cancelled');
  if (error instanceof Error && error.name === 'ParamError') {
    return new EngineError('bad-request', error.message, { field: (error as Error & { field?: string }).field });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'EncodeError') {
    return new EngineError('encode', message, { reason: (error as Error & { code?: string }).code });
  }
  if (/out of memory|allocation failed|OOM/i.test(message)) return new EngineError('out-of-memory', message);
  return new EngineError('internal', message);
}
