// The frame's check of what a host page posts: LocalMotion requests are taken, malformed ones named, others ignored.
import { describe, expect, it } from 'vitest';
import { parseHostMessage } from './messages.ts';

const image = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });

describe('parseHostMessage', () => {
  it('takes a generate request with its image, prompts and settings', () => {
    const data = { type: 'localmotion:generate', id: 'r1', image, prompt: 'a cat', negativePrompt: 'blur', settings: { steps: 4, preset: 'quick' } };
    expect(parseHostMessage(data)).toEqual({ kind: 'message', message: data });
  });

  it('takes a cancel request with a numeric id', () => {
    expect(parseHostMessage({ type: 'localmotion:cancel', id: 3 })).toEqual({ kind: 'message', message: { type: 'localmotion:cancel', id: 3 } });
  });

  it('ignores messages that are not LocalMotion requests (other scripts use postMessage too)', () => {
    for (const data of [null, 'localmotion:generate', { type: 'webpackOk' }, { hello: 1 }, [1, 2]]) expect(parseHostMessage(data)).toEqual({ kind: 'foreign' });
  });

  it('names what is wrong with a malformed request, keeping its id for the answer', () => {
    const bad = (data: object) => parseHostMessage(data);
    expect(bad({ type: 'localmotion:generate', id: 'x', image: 'data:image/png;base64,AA', prompt: 'p' })).toMatchObject({ kind: 'invalid', id: 'x', reason: expect.stringContaining('image must be a Blob') });
    expect(bad({ type: 'localmotion:generate', id: 'x', image, prompt: 5 })).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('prompt') });
    expect(bad({ type: 'localmotion:generate', id: 'x', image, prompt: 'p', settings: { steps: 4, gpu: 'fast' } })).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('unknown settings: gpu'),
    });
    expect(bad({ type: 'localmotion:generate', id: 'x', image, prompt: 'p', settings: [] })).toMatchObject({ kind: 'invalid', reason: 'settings must be an object' });
    expect(bad({ type: 'localmotion:frobnicate', id: 'x' })).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('unknown message type') });
  });

  it('answers a request without a usable id with a null id', () => {
    for (const id of [undefined, '', {}, Number.NaN, 'x'.repeat(201)]) {
      expect(parseHostMessage({ type: 'localmotion:generate', id, image, prompt: 'p' })).toMatchObject({ kind: 'invalid', id: null });
    }
  });
});
