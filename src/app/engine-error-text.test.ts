// Engine failures read as words: each code has its own summary, the engine's message stays as the detail, and
// anything else is an unexpected problem that keeps its message.
import { describe, expect, it } from 'vitest';
import { ENGINE_ERROR_CODES, EngineError } from '../protocol/errors.ts';
import { CATALOG } from './i18n/catalog.ts';
import { engineErrorText } from './engine-error-text.ts';

describe('engineErrorText', () => {
  it('gives every code its own summary in both languages and keeps the detail', () => {
    const summaries = new Set(ENGINE_ERROR_CODES.map((code) => engineErrorText(new EngineError(code, 'x')).summary.key));
    expect(summaries.size).toBe(ENGINE_ERROR_CODES.length);
    for (const key of summaries) expect([CATALOG.en[key].length > 0, CATALOG['zh-CN'][key].length > 0]).toEqual([true, true]);
    const e = engineErrorText(new EngineError('bad-image', 'the image file is empty'));
    expect([e.code, CATALOG.en[e.summary.key], e.detail]).toEqual(['bad-image', 'The image could not be used.', 'the image file is empty']);
  });

  it('reads a plain object from the worker the same way, and drops a detail that only repeats the code', () => {
    expect(engineErrorText({ code: 'out-of-memory', message: 'GPU allocation failed' })).toMatchObject({ code: 'out-of-memory', detail: 'GPU allocation failed' });
    expect(engineErrorText(new EngineError('cancelled', 'cancelled')).detail).toBe('');
  });

  it('treats anything else as unexpected and keeps its message', () => {
    expect(engineErrorText(new Error('boom'))).toMatchObject({ code: 'internal', detail: 'boom' });
    expect(engineErrorText('worker crashed')).toMatchObject({ code: 'internal', detail: 'worker crashed' });
  });
});
