// runGeneration with a scripted engine: runs take turns, and cancelling one run stops that run and no other — a
// run cancelled while it waits never reaches the engine, one cancelled while it loads stops before generating, one
// cancelled while it runs is stopped through the engine. Bad settings fail before any engine work.
import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '../protocol/engine.ts';
import { EngineError } from '../protocol/errors.ts';
import type { EngineClient } from './engine-client.ts';
import { runGeneration, type RunRequest, SettingsError } from './run.ts';
import { DEFAULT_SETTINGS } from './settings.ts';

const request = (prompt: string): RunRequest => ({
  model: { modelId: 'tiny' },
  image: new Blob([new Uint8Array(8)], { type: 'image/png' }),
  prompt,
  negativePrompt: '',
  settings: DEFAULT_SETTINGS,
});

/** An engine whose loads and generations finish when the test says; it records what it was asked. */
function scriptedEngine() {
  const calls: string[] = [];
  const pending: { kind: 'load' | 'generate'; prompt?: string; finish: () => void; fail: (e: Error) => void }[] = [];
  const wait = <T>(kind: 'load' | 'generate', value: T, prompt?: string) =>
    new Promise<T>((resolve, reject) => pending.push({ kind, ...(prompt === undefined ? {} : { prompt }), finish: () => resolve(value), fail: reject }));
  const engine = {
    ensureLoaded: () => (calls.push('load'), wait('load', undefined)),
    generate: (r: { params: { prompt: string } }) => {
      calls.push(`generate ${r.params.prompt}`);
      return wait('generate', { video: {} } as GenerateResult, r.params.prompt);
    },
    cancel: async () => void calls.push('cancel'),
  } as unknown as EngineClient;
  const settle = () => new Promise((r) => setTimeout(r, 0));
  /** Finishes the oldest pending call (or fails it with `error`). */
  const next = async (error?: Error) => {
    await settle();
    const call = pending.shift()!;
    if (error) call.fail(error);
    else call.finish();
    await settle();
  };
  return { engine, calls, next, settle };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'done', (e: { code?: string; name: string }) => e.code ?? e.name);

describe('runGeneration', () => {
  it('a run cancelled while it waits its turn never reaches the engine, and the run before it goes on', async () => {
    const { engine, calls, next } = scriptedEngine();
    const first = codeOf(runGeneration(engine, request('first')));
    const waiting = new AbortController();
    const second = codeOf(runGeneration(engine, request('second'), undefined, waiting.signal));
    await next(); // first: load
    waiting.abort();
    await next(); // first: generate
    expect(await first).toBe('done');
    expect(await second).toBe('cancelled');
    expect(calls).toEqual(['load', 'generate first']);
  });

  it('a run cancelled while it runs is stopped through the engine', async () => {
    const { engine, calls, next, settle } = scriptedEngine();
    const abort = new AbortController();
    const run = codeOf(runGeneration(engine, request('a ball'), undefined, abort.signal));
    await next(); // load
    await settle();
    abort.abort();
    expect(calls).toEqual(['load', 'generate a ball', 'cancel']);
    await next(new EngineError('cancelled', 'cancelled'));
    expect(await run).toBe('cancelled');
  });

  it('a run cancelled while its model loads does not start generating', async () => {
    const { engine, calls, next } = scriptedEngine();
    const abort = new AbortController();
    const run = codeOf(runGeneration(engine, request('a ball'), undefined, abort.signal));
    await Promise.resolve();
    abort.abort();
    await next(); // the load finishes anyway
    expect(await run).toBe('cancelled');
    expect(calls).toEqual(['load', 'cancel']);
  });

  it('bad settings fail with one problem per field before any engine work', async () => {
    const { engine, calls } = scriptedEngine();
    const error = await runGeneration(engine, { ...request(''), settings: { ...DEFAULT_SETTINGS, numFrames: Number.NaN } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems.map((p) => p.field)).toEqual(['prompt', 'numFrames']);
    expect(calls).toEqual([]);
  });
});
