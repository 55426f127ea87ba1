// The batch queue's rules: items keep the form snapshot they were queued with and run in order; a reload puts the
// item that was running back to waiting; a status keeps only its own result or error.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../settings.ts';
import { afterReload, type BatchItem, countByStatus, enqueue, isFinished, nextWaiting, readItem, type Snapshot, withStatus } from './queue.ts';
import { failureMessage } from './failure.ts';
import { SettingsError } from '../run.ts';
import { EngineError } from '../../protocol/errors.ts';

const snapshot: Snapshot = { settings: DEFAULT_SETTINGS, prompt: 'waves', negativePrompt: '', modelId: 'tiny' };
const image = new Blob([new Uint8Array(4)], { type: 'image/png' });
let n = 0;
const newId = () => `id${++n}`;
const files = (...names: string[]) => names.map((name) => ({ name, image }));

describe('batch queue', () => {
  it('queues files as waiting items with the snapshot, numbered after the ones already there', () => {
    const first = enqueue([], files('a.png', 'b.png'), snapshot, newId);
    expect(first.map((i) => [i.name, i.seq, i.status])).toEqual([
      ['a.png', 1, 'waiting'],
      ['b.png', 2, 'waiting'],
    ]);
    expect(first[0]!.snapshot).toBe(snapshot);
    const more = enqueue(first, files('c.png'), { ...snapshot, prompt: 'fire' }, newId);
    expect([more[0]!.seq, more[0]!.snapshot.prompt]).toEqual([3, 'fire']);
  });

  it('runs the first waiting item in queue order', () => {
    const [a, b, c] = enqueue([], files('a', 'b', 'c'), snapshot, newId) as [BatchItem, BatchItem, BatchItem];
    expect(nextWaiting([c, b, a])?.name).toBe('a');
    expect(nextWaiting([withStatus(a, 'done'), withStatus(b, 'failed'), c])?.name).toBe('c');
    expect(nextWaiting([withStatus(a, 'done')])).toBeUndefined();
  });

  it('after a reload, the item that was running waits again and the order is kept', () => {
    const [a, b, c] = enqueue([], files('a', 'b', 'c'), snapshot, newId) as [BatchItem, BatchItem, BatchItem];
    const restored = afterReload([c, withStatus(b, 'running'), withStatus(a, 'done', { video: image, seed: 1, seconds: 2 })]);
    expect(restored.map((i) => [i.name, i.status])).toEqual([
      ['a', 'done'],
      ['b', 'waiting'],
      ['c', 'waiting'],
    ]);
    expect(restored[0]!.video).toBe(image);
  });

  it('keeps a result only with done and an error only with failed', () => {
    const [a] = enqueue([], files('a'), snapshot, newId) as [BatchItem];
    const done = withStatus(a, 'done', { video: image, seed: 9, seconds: 1 });
    expect([done.video, done.seed]).toEqual([image, 9]);
    const again = withStatus(done, 'waiting');
    expect(['video' in again, 'seed' in again, 'error' in again]).toEqual([false, false, false]);
    const failed = withStatus(a, 'failed', { error: { key: 'generate.error.encode' } });
    expect(failed.error).toEqual({ key: 'generate.error.encode' });
    expect('error' in withStatus(failed, 'cancelled')).toBe(false);
  });

  it('counts statuses; done, failed and cancelled are finished', () => {
    const [a, b, c, d] = enqueue([], files('a', 'b', 'c', 'd'), snapshot, newId) as [BatchItem, BatchItem, BatchItem, BatchItem];
    const items = [withStatus(a, 'done'), withStatus(b, 'running'), withStatus(c, 'cancelled'), d];
    expect(countByStatus(items)).toEqual({ waiting: 1, running: 1, done: 1, failed: 0, cancelled: 1 });
    expect((['waiting', 'running', 'done', 'failed', 'cancelled'] as const).map(isFinished)).toEqual([false, false, true, true, true]);
  });

  it('reads back from storage only whole items', () => {
    const [a] = enqueue([], files('a'), snapshot, newId) as [BatchItem];
    expect(readItem(a)).toBe(a);
    expect(readItem({ ...a, status: 'exploded' })).toBeUndefined();
    expect(readItem({ ...a, image: 'x' })).toBeUndefined();
    expect(readItem({ ...a, snapshot: undefined })).toBeUndefined();
  });
});

describe('batch failures', () => {
  it('say why in words: engine codes, settings problems, anything else with its message', () => {
    expect(failureMessage(new EngineError('out-of-memory', 'oom'))).toEqual({ key: 'generate.error.out-of-memory' });
    expect(failureMessage({ code: 'device-lost', message: 'lost' })).toEqual({ key: 'generate.error.device-lost' });
    expect(failureMessage(new SettingsError([{ field: 'prompt', message: { key: 'settings.promptEmpty' } }]))).toEqual({ key: 'settings.promptEmpty' });
    expect(failureMessage(new Error('boom'))).toEqual({ key: 'batch.error.other', vars: { detail: 'boom' } });
  });

});
