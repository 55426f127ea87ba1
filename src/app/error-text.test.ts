// Tests for error-text.ts: every StoreError code gets its own words with advice, a pause is not a failure, and
// anything else is an unexpected problem that still shows its message.
import { describe, expect, it } from 'vitest';
import { StoreError, type StoreErrorCode } from '../store/store-error.ts';
import { isCancelled, storeErrorCode, storeErrorText } from './error-text.ts';

const CODES: StoreErrorCode[] = ['manifest', 'http', 'network', 'integrity', 'quota', 'storage', 'missing', 'cancelled'];

describe('storeErrorText', () => {
  it('words each code differently, with advice and the technical message kept', () => {
    const texts = CODES.map((code) => storeErrorText(new StoreError(code, `raw ${code}`)));
    expect(new Set(texts.map((t) => t.summary)).size).toBe(CODES.length);
    texts.forEach((t, i) => {
      expect(t.code).toBe(CODES[i]);
      expect(t.advice).not.toBe('');
      expect(t.technical).toBe(`raw ${CODES[i]}`);
    });
  });
  it('names the file and part from the detail', () => {
    const e = new StoreError('integrity', 'sha256 differs', { file: 'unet.onnx', chunk: 2, expected: 'aa', actual: 'bb' });
    expect(storeErrorText(e).summary).toBe('A downloaded part of unet.onnx (part 3) did not match its checksum, even after fetching it again.');
  });
  it('tells a missing bundle (404) from a server failure', () => {
    expect(storeErrorText(new StoreError('http', 'x', { file: 'manifest.json', status: 404 })).summary).toBe(
      'The server has no manifest.json at this address (404 Not Found).',
    );
    expect(storeErrorText(new StoreError('http', 'x', { file: 'unet.onnx', status: 503 })).summary).toBe('The server refused unet.onnx (HTTP 503).');
  });
  it('reads the same shape from a worker (a plain object with code and detail)', () => {
    const fromWorker = Object.assign(new Error('no space'), { code: 'quota', detail: { expected: 5, actual: 1 } });
    expect(storeErrorText(fromWorker).code).toBe('quota');
  });
  it('shows anything else as unexpected, with its message', () => {
    const t = storeErrorText(new TypeError('boom'));
    expect(t.code).toBe('unexpected');
    expect(t.technical).toBe('boom');
    expect(storeErrorCode({ code: 'ENOENT' })).toBeUndefined();
  });
});

describe('isCancelled', () => {
  it('is true only for a pause', () => {
    expect(isCancelled(new StoreError('cancelled', 'paused'))).toBe(true);
    expect(isCancelled(new StoreError('network', 'dropped'))).toBe(false);
    expect(isCancelled(new DOMException('aborted', 'AbortError'))).toBe(false);
  });
});
