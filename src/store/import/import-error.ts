// What an import failure tells the user: every error leaves as a StoreError. An abort is `cancelled`; a checkpoint
// the builder cannot use (unsupported config, missing or misshapen tensor, broken safetensors header) is a
// `manifest` error naming the file and the key, since the checkpoint's configs and headers are its manifest.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import { StoreError } from '../store-error.ts';

export function importError(error: unknown, signal: AbortSignal | undefined): StoreError | unknown {
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError') || (error instanceof StoreError && error.code === 'cancelled')) {
    return new StoreError('cancelled', 'the import was cancelled');
  }
  if (error instanceof StoreError) return error;
  if (error instanceof CheckpointError) {
    return new StoreError('manifest', `the checkpoint cannot be imported: ${error.message}`, {
      file: error.file,
      ...(error.key === undefined ? {} : { field: error.key }),
    });
  }
  return error;
}

/** The first component config is missing: whatever the URL is, it is not a diffusers checkpoint. */
export function notACheckpoint(base: string, path: string, url: string): StoreError {
  return new StoreError(
    'http',
    `${base} is not a diffusers checkpoint: ${path} is not there (404 for ${url}); the URL must be the checkpoint's folder ` +
      `(Hugging Face layout, e.g. https://huggingface.co/ali-vilab/i2vgen-xl/resolve/main/)`,
    { url, file: path, status: 404 },
  );
}

/** A checkpoint of another model (its model_index.json or a component config names a different class). */
export function wrongModel(base: string, file: string, expected: string, actual: string): StoreError {
  return new StoreError('manifest', `${base} is not an I2VGen-XL checkpoint: ${file} names ${actual}, expected ${expected}`, {
    file,
    field: '_class_name',
    expected,
    actual,
  });
}
