// History entries: what a finished run leaves behind (the seed used, locked, so reusing reproduces the video), the
// storage it takes, the order shown, and what reads back as an entry.
import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '../../protocol/engine.ts';
import { type RunOutcome, type RunRequest, videoBlob } from '../run.ts';
import { DEFAULT_SETTINGS } from '../settings.ts';
import { buildEntry, entryFileName, newestFirst, readEntry, storageUsed } from './entry.ts';

const request: RunRequest = {
  model: { modelId: 'tiny-demo' },
  image: new Blob([new Uint8Array(10)], { type: 'image/png' }),
  prompt: 'a ball rolling',
  negativePrompt: 'blurry',
  settings: { ...DEFAULT_SETTINGS, seedMode: 'random', seed: 42 },
};

const outcome = (seed: number, bytes = 100): RunOutcome => {
  const video = { bytes: new Uint8Array(bytes), mimeType: 'video/mp4', extension: 'mp4', codec: 'avc1.42001f', width: 32, height: 32, frameCount: 4, fps: 8 } as const;
  return { seed, seconds: 3.5, result: { video, backend: 'wasm' } as unknown as GenerateResult, video: videoBlob(video) };
};

const entry = (id: string, createdAt: number, bytes = 100, thumbnail?: Blob) =>
  buildEntry(request, outcome(7, bytes), { id, createdAt, thumbnail });

describe('history entries', () => {
  it('keep the seed the run used, locked, so "Reuse settings" makes the same video', () => {
    const e = entry('a', 1);
    expect(e.settings).toEqual({ ...DEFAULT_SETTINGS, seedMode: 'locked', seed: 7 });
    expect([e.prompt, e.negativePrompt, e.modelId]).toEqual(['a ball rolling', 'blurry', 'tiny-demo']);
  });

  it('keep the MP4 as a Blob with its size, frames, fps and codec', () => {
    const e = entry('a', 1, 1234);
    expect([e.video.size, e.video.type, e.width, e.height, e.frameCount, e.fps, e.codec]).toEqual([1234, 'video/mp4', 32, 32, 4, 8, 'avc1.42001f']);
    expect(entryFileName(e)).toBe('localmotion-7.mp4');
  });

  it('record a bundle URL run by its URL', () => {
    const e = buildEntry({ ...request, model: { bundleUrl: '/models/tiny/' } }, outcome(1), { id: 'b', createdAt: 1, thumbnail: undefined });
    expect(e.modelId).toBe('/models/tiny/');
  });

  it('count videos and thumbnails in the storage used', () => {
    expect(storageUsed([entry('a', 1, 100, new Blob([new Uint8Array(20)])), entry('b', 2, 50)])).toBe(170);
    expect(storageUsed([])).toBe(0);
  });

  it('are shown newest first', () => {
    expect(newestFirst([entry('a', 1), entry('c', 3), entry('b', 2)]).map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });

  it('read back from storage only when they are whole', () => {
    const e = entry('a', 1);
    expect(readEntry(e)).toBe(e);
    expect(readEntry({ ...e, video: 'not a blob' })).toBeUndefined();
    expect(readEntry({ id: 'x' })).toBeUndefined();
    expect(readEntry(null)).toBeUndefined();
  });
});
