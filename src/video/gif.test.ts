// GIF writer, checked by FFmpeg: frame count, size, duration from the spread delays, palette quality (PSNR),
// loop forever, the comment; LZW on frames that fill the code table.
import { afterAll, describe, expect, it } from 'vitest';
import { encodeVideo } from './encode.ts';
import { decodeRgb24, probe, removeTemp, writeTemp } from './ffmpeg-test-support.ts';
import { encodeGif, gifDelays } from './gif.ts';
import { psnr, rgb24, syntheticFrames } from './test-support.ts';

afterAll(removeTemp);

describe('gifDelays', () => {
  it('spreads the rounding so the loop lasts round(n·100/fps) hundredths', () => {
    expect(gifDelays(3, 3)).toEqual([33, 34, 33]);
    expect(gifDelays(16, 16).reduce((a, b) => a + b)).toBe(100);
    expect(new Set(gifDelays(16, 16))).toEqual(new Set([6, 7]));
    expect(gifDelays(4, 8)).toEqual([13, 12, 13, 12]);
  });
});

describe('encodeGif', () => {
  it('writes a looping GIF FFmpeg reads with every frame, the size, the duration, the comment and close pixels', async () => {
    const frames = syntheticFrames(48, 32, 12);
    const gif = await encodeVideo(frames, { format: 'gif', fps: 8, metadata: { title: 'gradients', seed: '7' } });
    expect(gif).toMatchObject({ mimeType: 'image/gif', extension: 'gif', codec: 'gif', width: 48, height: 32, frameCount: 12, fps: 8 });
    const file = writeTemp('gradients.gif', gif.bytes);
    const p = probe(file);
    expect(p).toMatchObject({ codec: 'gif', width: 48, height: 32, frames: 12 });
    expect(p.duration).toBeCloseTo(1.5, 5);
    expect(p.tags.comment).toBe('title: gradients\nseed: 7');
    // NETSCAPE2.0 sub-block: id 1, loop count 0 (forever).
    const text = new TextDecoder('latin1').decode(gif.bytes);
    expect(text).toContain('NETSCAPE2.0\x03\x01\x00\x00\x00');
    const quality = psnr(decodeRgb24(file), rgb24(frames));
    console.log(`GIF 48×32 12 frames: ${gif.bytes.length} bytes, PSNR ${quality.toFixed(2)} dB`);
    expect(quality).toBeGreaterThan(30);
  });

  it('is lossless for frames of at most 256 colours', async () => {
    const frames = syntheticFrames(16, 16, 3, 0).map((f) => ({ ...f, data: f.data.map((v, i) => (i % 4 === 3 ? v : v & 0xe0)) }));
    const file = writeTemp('few-colours.gif', (await encodeGif(frames, { fps: 10 })).bytes);
    expect(psnr(decodeRgb24(file), rgb24(frames))).toBe(Infinity);
  });

  it('ping-pong stores 2n − 2 frames', async () => {
    const gif = await encodeVideo(syntheticFrames(16, 16, 5), { format: 'gif', fps: 10, loop: 'pingpong' });
    expect(gif.frameCount).toBe(8);
    expect(probe(writeTemp('pingpong.gif', gif.bytes)).frames).toBe(8);
  });

  it('encodes noisy 256×256 frames whose LZW table fills and clears many times', async () => {
    const frames = syntheticFrames(256, 256, 2, 64);
    const file = writeTemp('noisy.gif', (await encodeGif(frames, { fps: 4 })).bytes);
    expect(probe(file)).toMatchObject({ width: 256, height: 256, frames: 2 });
    const quality = psnr(decodeRgb24(file), rgb24(frames));
    console.log(`GIF 256×256 noise ±32: PSNR ${quality.toFixed(2)} dB`);
    expect(quality).toBeGreaterThan(24);
  });

  it('dithers only when asked (ordered, 4×4 Bayer)', async () => {
    const frames = syntheticFrames(64, 64, 2, 0);
    const plain = await encodeGif(frames, { fps: 8 });
    const dithered = await encodeGif(frames, { fps: 8, dither: 'ordered' });
    expect(Buffer.from(dithered.bytes).equals(Buffer.from(plain.bytes))).toBe(false);
    const file = writeTemp('dithered.gif', dithered.bytes);
    expect(probe(file).frames).toBe(2);
    expect(psnr(decodeRgb24(file), rgb24(frames))).toBeGreaterThan(30);
  });

  it('stops between frames when the signal aborts', async () => {
    const controller = new AbortController();
    const run = encodeGif(syntheticFrames(32, 32, 8), {
      fps: 8,
      signal: controller.signal,
      onProgress: (e) => e.done === 2 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
