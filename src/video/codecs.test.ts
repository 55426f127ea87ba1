// Codec levels against the standards' tables at known sizes, the candidate order per container, and the error
// where WebCodecs is missing (Node).
import { describe, expect, it } from 'vitest';
import { chooseCodec, codecCandidates, videoBitrate } from './codecs.ts';
import { encodeVideo } from './encode.ts';
import { EncodeError } from './errors.ts';
import { av1Level, h264Level, vp9Level } from './levels.ts';
import { syntheticFrames } from './test-support.ts';

describe('h264Level', () => {
  it('matches Table A-1 at known sizes and rates', () => {
    expect(h264Level({ width: 176, height: 144, fps: 15 })).toBe(10); // QCIF@15: the level-1 example
    expect(h264Level({ width: 352, height: 288, fps: 30 })).toBe(13); // CIF@30: 1.3 (2.0 only adds bitrate)
    expect(h264Level({ width: 512, height: 512, fps: 8 })).toBe(22); // 1024 macroblocks > 2.1's 792
    expect(h264Level({ width: 512, height: 512, fps: 16 })).toBe(22);
    expect(h264Level({ width: 1280, height: 720, fps: 30 })).toBe(31);
    expect(h264Level({ width: 1280, height: 720, fps: 60 })).toBe(32);
    expect(h264Level({ width: 1920, height: 1080, fps: 30 })).toBe(40);
    expect(h264Level({ width: 1920, height: 1080, fps: 60 })).toBe(42);
    expect(h264Level({ width: 3840, height: 2160, fps: 30 })).toBe(51);
  });

  it('caps each side at √(8·MaxFS) macroblocks, not only the area', () => {
    // 128×4 macroblocks fit 2.1's area (792) but not its side (79); 3.1 allows 169.
    expect(h264Level({ width: 2048, height: 64, fps: 8 })).toBe(31);
  });

  it('raises the level for the bitrate, with High allowed 1.25 × MaxBR', () => {
    const shape = { width: 512, height: 512, fps: 8 };
    expect(h264Level({ ...shape, bitrate: 4_500_000 }, 'high')).toBe(22); // ≤ 5 Mbit/s
    expect(h264Level({ ...shape, bitrate: 4_500_000 }, 'main')).toBe(30); // > 4 Mbit/s
    expect(h264Level({ ...shape, bitrate: 6_000_000 }, 'high')).toBe(30);
  });

  it('has no level for frames beyond level 6.2', () => {
    expect(h264Level({ width: 16384, height: 16384, fps: 30 })).toBeUndefined();
  });
});

describe('vp9Level and av1Level', () => {
  it('match the VP9 level table', () => {
    expect(vp9Level({ width: 512, height: 512, fps: 8 })).toBe(30);
    expect(vp9Level({ width: 320, height: 240, fps: 30 })).toBe(20);
    expect(vp9Level({ width: 1280, height: 720, fps: 30 })).toBe(31);
    expect(vp9Level({ width: 1920, height: 1080, fps: 30 })).toBe(40);
    expect(vp9Level({ width: 1920, height: 1080, fps: 60 })).toBe(41);
    expect(vp9Level({ width: 1536, height: 64, fps: 8 })).toBe(30); // area fits 1.1, the side needs 3 (2048)
  });

  it('match AV1 Annex A (seq_level_idx: 4.0 is 8)', () => {
    expect(av1Level({ width: 512, height: 512, fps: 8 })).toBe(1);
    expect(av1Level({ width: 1280, height: 720, fps: 30 })).toBe(5);
    expect(av1Level({ width: 1920, height: 1080, fps: 30 })).toBe(8);
    expect(av1Level({ width: 1920, height: 1080, fps: 60 })).toBe(9);
    expect(av1Level({ width: 3840, height: 2160, fps: 60 })).toBe(13);
  });
});

describe('codecCandidates', () => {
  const shape = { width: 512, height: 512, fps: 8, bitrate: videoBitrate(512, 512, 8) };

  it('MP4: H.264 High, Main, Constrained Baseline, then VP9, then AV1, each at its computed level', () => {
    expect(codecCandidates('mp4', shape).map((c) => c.codec)).toEqual([
      'avc1.640016',
      'avc1.4D0016',
      'avc1.42E016',
      'vp09.00.30.08',
      'av01.0.01M.08',
    ]);
  });

  it('WebM: VP9, AV1, then VP8', () => {
    expect(codecCandidates('webm', shape).map((c) => c.codec)).toEqual(['vp09.00.30.08', 'av01.0.01M.08', 'vp8']);
  });

  it('gives small frames a bitrate floor and large ones a bitrate per pixel', () => {
    expect(videoBitrate(32, 32, 8)).toBe(1_000_000);
    expect(videoBitrate(512, 512, 16)).toBe(512 * 512 * 16);
  });
});

describe('without WebCodecs (Node)', () => {
  it('chooseCodec rejects with no-webcodecs', async () => {
    await expect(chooseCodec('mp4', 64, 64, 8)).rejects.toMatchObject({ name: 'EncodeError', code: 'no-webcodecs' });
  });

  it('encodeVideo rejects MP4 with no-webcodecs but validates first', async () => {
    const frames = syntheticFrames(8, 8, 2);
    await expect(encodeVideo(frames, { format: 'mp4', fps: 8 })).rejects.toBeInstanceOf(EncodeError);
    await expect(encodeVideo(frames, { format: 'webm', fps: 8 })).rejects.toMatchObject({ code: 'no-webcodecs' });
    await expect(encodeVideo(frames, { format: 'mp4', fps: 0 })).rejects.toMatchObject({ code: 'bad-options' });
    await expect(encodeVideo([], { format: 'gif', fps: 8 })).rejects.toMatchObject({ code: 'bad-frames' });
    const mixed = [...frames, ...syntheticFrames(4, 8, 1)];
    await expect(encodeVideo(mixed, { format: 'gif', fps: 8 })).rejects.toThrow(/frame 2 is 4×8, frame 0 is 8×8/);
  });
});
