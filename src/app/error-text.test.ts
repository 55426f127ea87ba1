// Tests for error-text.ts: every StoreError code gets its own words with advice, in English and Chinese; an import
// failure gets advice for an import (a checkpoint folder, nothing resumable); a pause is not a failure; anything else
// is an unexpected problem that still shows its message.
import { describe, expect, it } from 'vitest';
import { StoreError, type StoreErrorCode } from '../store/store-error.ts';
import { EngineError } from '../protocol/errors.ts';
import { isCancelled, storeErrorCode, storeErrorText } from './error-text.ts';
import { CATALOG } from './i18n/catalog.ts';
import type { Message } from './i18n/i18n.svelte.ts';
import { format } from './i18n/locale.ts';

const CODES: StoreErrorCode[] = ['manifest', 'http', 'network', 'integrity', 'quota', 'storage', 'missing', 'cancelled'];
const en = (m: Message) => format(CATALOG.en[m.key], m.vars);
const zh = (m: Message) => format(CATALOG['zh-CN'][m.key], m.vars);

describe('storeErrorText', () => {
  it('words each code differently, with advice and the technical message kept', () => {
    for (const action of ['download', 'import'] as const) {
      const texts = CODES.map((code) => storeErrorText(new StoreError(code, `raw ${code}`), action));
      expect(new Set(texts.map((t) => en(t.summary))).size).toBe(CODES.length);
      texts.forEach((t, i) => {
        expect(t.code).toBe(CODES[i]);
        expect(en(t.advice)).not.toBe('');
        expect(t.technical).toBe(`raw ${CODES[i]}`);
        // Every placeholder filled, in both languages.
        expect(en(t.summary)).not.toMatch(/\{\w+\}/);
        expect(zh(t.summary)).not.toMatch(/\{\w+\}/);
      });
    }
  });
  it('names the file and part from the detail', () => {
    const e = new StoreError('integrity', 'sha256 differs', { file: 'unet.onnx', chunk: 2, expected: 'aa', actual: 'bb' });
    expect(en(storeErrorText(e).summary)).toBe('A downloaded part of unet.onnx (part 3) did not match its checksum, even after fetching it again.');
    expect(zh(storeErrorText(e).summary)).toBe('unet.onnx（第 3 部分）下载的数据与校验和不一致，重新获取后仍然如此。');
  });
  it('tells a missing bundle (404) from a server failure', () => {
    expect(en(storeErrorText(new StoreError('http', 'x', { file: 'manifest.json', status: 404 })).summary)).toBe(
      'The server has no manifest.json at this address (404 Not Found).',
    );
    expect(en(storeErrorText(new StoreError('http', 'x', { file: 'unet.onnx', status: 503 })).summary)).toBe('The server refused unet.onnx (HTTP 503).');
  });
  it('says an address without a checkpoint is not a diffusers checkpoint, and what address to use', () => {
    const notThere = new StoreError('http', 'https://x/not/ is not a diffusers checkpoint', { url: 'https://x/not/text_encoder/config.json', file: 'text_encoder/config.json', status: 404 });
    const text = storeErrorText(notThere, 'import');
    expect(en(text.summary)).toBe('There is no diffusers checkpoint at this address: the server has no text_encoder/config.json there (404 Not Found).');
    expect(en(text.advice)).toContain('https://huggingface.co/ali-vilab/i2vgen-xl/resolve/main/');
  });
  it('names CORS as a cause when an import cannot reach the checkpoint', () => {
    const blocked = new StoreError('network', 'could not fetch https://x/model_index.json: Failed to fetch (gave up after 5 retries)', { url: 'https://x/model_index.json' });
    expect(en(storeErrorText(blocked, 'import').summary)).toMatch(/does not let this site read its files \(CORS\)/);
    expect(zh(storeErrorText(blocked, 'import').summary)).toContain('CORS');
  });
  it('names the file of an error that only has a URL', () => {
    const e = new StoreError('network', 'dropped', { url: 'https://example.com/models/a/unet.onnx' });
    expect(en(storeErrorText(e).summary)).toBe('The connection failed while downloading a/unet.onnx, and retrying did not help.');
  });
  it('reads the same shape from a worker (a plain object with code and detail)', () => {
    const fromWorker = Object.assign(new Error('no space'), { code: 'quota', detail: { expected: 5, actual: 1 } });
    expect(storeErrorText(fromWorker).code).toBe('quota');
  });
  it('shows anything else as unexpected, with its message', () => {
    const t = storeErrorText(new TypeError('boom'));
    expect(t.code).toBe('unexpected');
    expect(t.technical).toBe('boom');
    expect(en(t.summary)).toBe('Something unexpected went wrong.');
    expect(storeErrorCode({ code: 'ENOENT' })).toBeUndefined();
  });
});

describe('isCancelled', () => {
  it('is true only for a pause or cancel, from the store or the engine', () => {
    expect(isCancelled(new StoreError('cancelled', 'paused'))).toBe(true);
    expect(isCancelled(new EngineError('cancelled', 'stopped'))).toBe(true);
    expect(isCancelled(new EngineError('internal', 'bug'))).toBe(false);
    expect(isCancelled(new StoreError('network', 'dropped'))).toBe(false);
    expect(isCancelled(new DOMException('aborted', 'AbortError'))).toBe(false);
  });
});
