// The frame's side of the protocol with a scripted parent window and engine: which messages are taken, what is
// answered and to whom, and what never is.
import { describe, expect, it } from 'vitest';
import { type RunOutcome, type RunRequest, videoBlob } from '../app/run.ts';
import { DEFAULT_SETTINGS } from '../app/settings.ts';
import type { EngineEvent, GenerateResult } from '../protocol/engine.ts';
import { EngineError } from '../protocol/errors.ts';
import { type BridgeDeps, EmbedBridge } from './bridge.ts';
import type { FrameMessage } from './messages.ts';

const HOST = 'https://host.example';
const image = new Blob([new Uint8Array(8)], { type: 'image/png' });

function outcome(request: RunRequest): RunOutcome {
  const video = { bytes: new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112]), mimeType: 'video/mp4', extension: 'mp4', codec: 'avc1', width: 32, height: 32, frameCount: 4, fps: 8 } as const;
  return { result: { video, params: {}, backend: 'wasm', warnings: [] } as unknown as GenerateResult, video: videoBlob(video), seed: request.settings.seed, seconds: 1 };
}

/** A bridge with a recording parent and an engine that emits two progress events then finishes (or does `run`). */
function setup(overrides: Partial<BridgeDeps> = {}) {
  const sent: { message: FrameMessage; origin: string }[] = [];
  const requests: RunRequest[] = [];
  const parent = { postMessage: (message: FrameMessage, origin: string) => void sent.push({ message, origin }) };
  const deps: BridgeDeps = {
    parent,
    allowedOrigins: [HOST, 'https://other.example'],
    defaults: () => ({ settings: DEFAULT_SETTINGS, negativePrompt: 'blurry' }),
    modelId: async () => 'tiny',
    checkImage: async () => undefined,
    run: async (request, onEvent) => {
      requests.push(request);
      onEvent({ type: 'progress', stage: 'denoise', done: 1, total: 4, unit: 'step' });
      onEvent({ type: 'progress', stage: 'denoise', done: 4, total: 4, unit: 'step' });
      return outcome(request);
    },
    ...overrides,
  };
  const bridge = new EmbedBridge(deps);
  const post = (data: unknown, origin = HOST, source: unknown = parent) => bridge.receive({ data, origin, source });
  const settle = () => new Promise((r) => setTimeout(r, 10));
  return { bridge, sent, requests, post, settle, parent };
}

const generate = (id: unknown, extra: object = {}) => ({ type: 'localmotion:generate', id, image, prompt: 'a ball rolling', ...extra });

describe('EmbedBridge', () => {
  it('announces itself to each allowed origin by name, never to "*"', () => {
    const { bridge, sent } = setup();
    bridge.announce();
    expect(sent).toEqual([
      { message: { type: 'localmotion:ready' }, origin: HOST },
      { message: { type: 'localmotion:ready' }, origin: 'https://other.example' },
    ]);
  });

  it('runs a request from an allowed origin and answers that origin with progress, then the video', async () => {
    const { sent, requests, post, settle } = setup();
    post(generate('r1', { settings: { steps: 3, seed: 5 } }));
    await settle();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ model: { modelId: 'tiny' }, prompt: 'a ball rolling', negativePrompt: 'blurry', settings: { ...DEFAULT_SETTINGS, steps: 3, seed: 5, preset: 'custom' } });
    expect(sent.map((s) => [s.message.type, s.origin])).toEqual([
      ['localmotion:progress', HOST],
      ['localmotion:progress', HOST],
      ['localmotion:result', HOST],
    ]);
    expect(sent[0]!.message).toEqual({ type: 'localmotion:progress', id: 'r1', stage: 'denoise', done: 1, total: 4 });
    const result = sent[2]!.message as Extract<FrameMessage, { type: 'localmotion:result' }>;
    expect(result).toMatchObject({ id: 'r1', mimeType: 'video/mp4', seed: 5, width: 32, height: 32, frameCount: 4, settings: { steps: 3, seed: 5 }, warnings: [] });
    expect(result.video.type).toBe('video/mp4');
    expect(result.video.size).toBe(8);
  });

  it('passes on what the run did differently from what was asked (a prompt cut to 77 tokens)', async () => {
    const warning = { code: 'prompt-truncated', tokens: 77, message: 'the prompt is longer than 77 tokens and was cut' } as const;
    const { sent, post, settle } = setup({
      run: async (request) => {
        const o = outcome(request);
        return { ...o, result: { ...o.result, warnings: [warning] } };
      },
    });
    post(generate('r1', { prompt: 'a ball rolling '.repeat(40) }));
    await settle();
    expect(sent.at(-1)!.message).toMatchObject({ type: 'localmotion:result', id: 'r1', warnings: [warning] });
  });

  it('ignores requests from other origins and from windows other than the parent, without answering', async () => {
    const { sent, requests, post, settle } = setup();
    post(generate('r1'), 'https://evil.example');
    post(generate('r2'), 'null');
    post(generate('r3'), HOST, { postMessage() {} });
    await settle();
    expect(requests).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('ignores other scripts’ messages and answers malformed requests with bad-request', async () => {
    const { sent, requests, post, settle } = setup();
    post({ type: 'something-else' });
    post(generate('r1', { image: 'not a blob' }));
    await settle();
    expect(requests).toEqual([]);
    expect(sent).toEqual([{ origin: HOST, message: { type: 'localmotion:error', id: 'r1', code: 'bad-request', message: 'image must be a Blob (or File) with the picture' } }]);
  });

  it('refuses settings the form would refuse, naming the field, before any engine work', async () => {
    const { sent, requests, post, settle } = setup();
    post(generate('r1', { settings: { numFrames: 99 } }));
    post(generate('r2', { prompt: '  ' }));
    await settle();
    expect(requests).toEqual([]);
    expect(sent.map((s) => s.message)).toEqual([
      { type: 'localmotion:error', id: 'r1', code: 'bad-request', message: 'numFrames: Must be a whole number from 2 to 32 (got 99).' },
      { type: 'localmotion:error', id: 'r2', code: 'bad-request', message: 'prompt: Write a prompt: what should move, and how.' },
    ]);
  });

  it('says no-model when nothing is installed, and bad-image for a picture the page refuses', async () => {
    const none = setup({ modelId: async () => undefined });
    none.post(generate('r1'));
    const bad = setup({ checkImage: async () => 'This is a PDF, not a picture.' });
    bad.post(generate('r2'));
    await none.settle();
    expect(none.sent.map((s) => s.message)).toMatchObject([{ type: 'localmotion:error', id: 'r1', code: 'no-model' }]);
    expect(bad.sent.map((s) => s.message)).toEqual([{ type: 'localmotion:error', id: 'r2', code: 'bad-image', message: 'This is a PDF, not a picture.' }]);
  });

  it('answers when the model list cannot be read, instead of going silent', async () => {
    const { sent, post, settle } = setup({ modelId: async () => Promise.reject(Object.assign(new Error('IndexedDB is unavailable'), { code: 'storage' })) });
    post(generate('r1'));
    await settle();
    expect(sent.map((s) => s.message)).toEqual([{ type: 'localmotion:error', id: 'r1', code: 'internal', message: 'IndexedDB is unavailable' }]);
  });

  it('passes an engine error on with its code', async () => {
    const { sent, post, settle } = setup({ run: async () => Promise.reject(new EngineError('out-of-memory', 'GPU out of memory')) });
    post(generate('r1'));
    await settle();
    expect(sent.map((s) => s.message)).toEqual([{ type: 'localmotion:error', id: 'r1', code: 'out-of-memory', message: 'GPU out of memory' }]);
  });

  it('cancels a running request for the origin that asked for it, not for another one', async () => {
    let finish: (e: Error) => void = () => {};
    let emit: (e: EngineEvent) => void = () => {};
    let signal: AbortSignal | undefined;
    const t = setup({
      allowedOrigins: [HOST, 'https://other.example'],
      run: (_request, onEvent, runSignal) => {
        emit = onEvent;
        signal = runSignal;
        return new Promise<RunOutcome>((_resolve, reject) => (finish = reject));
      },
    });
    t.post(generate('r1'));
    await t.settle();
    emit({ type: 'progress', stage: 'denoise', done: 1, total: 4, unit: 'step' });
    t.post({ type: 'localmotion:cancel', id: 'r1' }, 'https://other.example');
    expect(signal!.aborted).toBe(false);
    t.post({ type: 'localmotion:cancel', id: 'r1' });
    expect(signal!.aborted).toBe(true);
    finish(new EngineError('cancelled', 'cancelled'));
    await t.settle();
    expect(t.sent.at(-1)!.message).toEqual({ type: 'localmotion:error', id: 'r1', code: 'cancelled', message: 'cancelled' });
  });

  it('runs requests one at a time; a cancelled waiting request never reaches the engine', async () => {
    const releases: (() => void)[] = [];
    const started: RunRequest[] = [];
    const signals: AbortSignal[] = [];
    const t = setup({
      run: (request, _onEvent, signal) => {
        started.push(request);
        signals.push(signal);
        return new Promise<RunOutcome>((resolve) => releases.push(() => resolve(outcome(request))));
      },
    });
    t.post(generate('a'));
    t.post(generate('b'));
    t.post(generate('c'));
    t.post({ type: 'localmotion:cancel', id: 'b' });
    await t.settle();
    expect(started).toHaveLength(1);
    releases[0]!();
    await t.settle();
    expect(started).toHaveLength(2);
    releases[1]!();
    await t.settle();
    expect(t.sent.map((s) => [s.message.type, (s.message as { id?: unknown }).id])).toEqual([
      ['localmotion:result', 'a'],
      ['localmotion:error', 'b'],
      ['localmotion:result', 'c'],
    ]);
    expect(signals.map((s) => s.aborted)).toEqual([false, false]);
  });

  it('reports the visitor’s own runs (id null) to the allowed origins, but not its own runs twice', async () => {
    const t = setup();
    t.bridge.visitorProgress('decode', 2, 4);
    const visitorRequest = { model: { modelId: 'tiny' }, image, prompt: 'p', negativePrompt: '', settings: DEFAULT_SETTINGS } as RunRequest;
    t.bridge.runFinished(visitorRequest, outcome(visitorRequest));
    t.bridge.visitorError('cancelled', 'cancelled');
    t.bridge.visitorError('bad-image', 'unreadable');
    t.post(generate('r1'));
    await t.settle();
    t.bridge.runFinished(t.requests[0]!, outcome(t.requests[0]!));
    const summary = t.sent.map((s) => [s.message.type, (s.message as { id?: unknown }).id, s.origin]);
    expect(summary).toEqual([
      ['localmotion:progress', null, HOST],
      ['localmotion:progress', null, 'https://other.example'],
      ['localmotion:result', null, HOST],
      ['localmotion:result', null, 'https://other.example'],
      ['localmotion:error', null, HOST],
      ['localmotion:error', null, 'https://other.example'],
      ['localmotion:progress', 'r1', HOST],
      ['localmotion:progress', 'r1', HOST],
      ['localmotion:result', 'r1', HOST],
    ]);
  });
});
