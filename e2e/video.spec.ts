// src/video in headless Chromium: MP4 (H.264), WebM (VP9) and GIF made in the page and in a worker, checked by
// FFmpeg (codec, decoded frame count, size, rate, moov before mdat, metadata, PSNR against the source frames);
// ping-pong; cancel mid-encode.
import type { Page } from '@playwright/test';
import { decodeRgb24, probe, removeTemp, topLevelBoxes, writeTemp } from '../src/video/ffmpeg-test-support.ts';
import { psnr, rgb24, syntheticFrames } from '../src/video/test-support.ts';
import type { VideoRequest, VideoResult } from './harness/video-run.ts';
import { expect, test } from './fixtures.ts';
import { HARNESS_URL } from './harness-port.ts';

type Encoded = Extract<VideoResult, { ok: true }>;

const metadata = { title: 'LocalMotion test', comment: 'synthetic gradients', prompt: 'a red fox', seed: '42' };

async function open(page: Page): Promise<void> {
  await page.goto(`${HARNESS_URL}/video.html`);
  await page.waitForFunction(() => 'videoHarness' in window);
}

async function encode(page: Page, request: VideoRequest, where: 'window' | 'worker' = 'window'): Promise<Encoded> {
  const result = await page.evaluate(
    ([r, w]) => (w === 'worker' ? window.videoHarness.encodeInWorker(r) : window.videoHarness.encode(r)),
    [request, where] as const,
  );
  if (!result.ok) throw new Error(`${request.format} encode failed: ${result.name} ${result.code ?? ''} ${result.message}`);
  expect(result.realm).toBe(where);
  return result;
}

/** Writes the file, then checks what every encode must get right; returns the file's path. */
function checkFile(name: string, r: Encoded, request: VideoRequest, codec: string): string {
  const bytes = Buffer.from(r.base64, 'base64');
  const file = writeTemp(name, bytes);
  const p = probe(file);
  const frames = request.loop === 'pingpong' ? 2 * request.frames - 2 : request.frames;
  expect(p).toMatchObject({ codec, width: request.width, height: request.height, frames, fps: request.fps });
  expect(r).toMatchObject({ width: request.width, height: request.height, frameCount: frames, fps: request.fps });
  expect(p.duration).toBeCloseTo(frames / request.fps, 2);
  // One event per frame, counting up, closed with done = total.
  expect(r.progress.map((e) => e.done)).toEqual(Array.from({ length: frames }, (_, i) => i + 1));
  expect(r.progress.every((e) => e.stage === 'encode-video' && e.unit === 'frame' && e.total === frames)).toBe(true);
  console.log(`${name}: ${r.codec}, ${bytes.length} bytes, ${r.ms.toFixed(0)} ms`);
  return file;
}

function quality(file: string, request: VideoRequest): number {
  return psnr(decodeRgb24(file), rgb24(syntheticFrames(request.width, request.height, request.frames, request.noise)));
}

test.afterAll(removeTemp);

test('MP4 is H.264 with fast start and metadata, WebM is VP9, GIF too; each decodes close to the source at 64×64', async ({ page }) => {
  await open(page);

  const mp4Request: VideoRequest = { format: 'mp4', width: 64, height: 64, frames: 8, fps: 8, metadata };
  const mp4 = await encode(page, mp4Request);
  expect(mp4.mimeType).toBe('video/mp4');
  expect(mp4.codec).toMatch(/^avc1\.64/);
  const mp4File = checkFile('64.mp4', mp4, mp4Request, 'h264');
  const boxes = topLevelBoxes(Buffer.from(mp4.base64, 'base64'));
  expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
  expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
  expect(probe(mp4File).tags).toMatchObject(metadata);
  const mp4Psnr = quality(mp4File, mp4Request);
  console.log(`MP4 64×64 PSNR ${mp4Psnr.toFixed(2)} dB`);
  expect(mp4Psnr).toBeGreaterThanOrEqual(30);

  const webmRequest: VideoRequest = { ...mp4Request, format: 'webm' };
  const webm = await encode(page, webmRequest);
  expect(webm.mimeType).toBe('video/webm');
  expect(webm.codec).toMatch(/^vp09\./);
  const webmFile = checkFile('64.webm', webm, webmRequest, 'vp9');
  // Mediabunny writes the tags for TargetType MOVIE (value 50); FFmpeg names such tags MOVIE/<name>.
  const webmTags = Object.fromEntries(Object.entries(probe(webmFile).tags).map(([k, v]) => [k.replace(/^movie\//, ''), v]));
  expect(webmTags).toMatchObject(metadata);
  const webmPsnr = quality(webmFile, webmRequest);
  console.log(`WebM 64×64 PSNR ${webmPsnr.toFixed(2)} dB`);
  expect(webmPsnr).toBeGreaterThanOrEqual(30);

  const gifRequest: VideoRequest = { ...mp4Request, format: 'gif' };
  const gif = await encode(page, gifRequest);
  const gifFile = checkFile('64.gif', gif, gifRequest, 'gif');
  const gifPsnr = quality(gifFile, gifRequest);
  console.log(`GIF 64×64 PSNR ${gifPsnr.toFixed(2)} dB`);
  expect(gifPsnr).toBeGreaterThanOrEqual(30);
});

test('a 512×512 16-frame MP4 decodes at ≥ 30 dB; encode time per frame', async ({ page }) => {
  await open(page);
  const request: VideoRequest = { format: 'mp4', width: 512, height: 512, frames: 16, fps: 8 };
  // The first encode in a page also starts the encoder's code; the second is the steady state a user sees.
  const first = await encode(page, request);
  const mp4 = await encode(page, request);
  const file = checkFile('512.mp4', mp4, request, 'h264');
  const value = quality(file, request);
  const perFrame = (r: Encoded) => (r.ms / request.frames).toFixed(1);
  console.log(
    `MP4 512×512 16 frames (${mp4.codec}): PSNR ${value.toFixed(2)} dB; ` +
      `encode ${perFrame(mp4)} ms/frame (first in the page ${perFrame(first)})`,
  );
  expect(value).toBeGreaterThanOrEqual(30);
});

test('a worker encodes MP4 with the same code; ping-pong stores 2n − 2 frames; odd sizes are padded to even', async ({ page }) => {
  await open(page);
  const request: VideoRequest = { format: 'mp4', width: 64, height: 48, frames: 6, fps: 12, loop: 'pingpong', metadata };
  const mp4 = await encode(page, request, 'worker');
  const file = checkFile('worker-pingpong.mp4', mp4, request, 'h264');
  expect(probe(file).tags).toMatchObject(metadata);

  const odd = await encode(page, { format: 'mp4', width: 33, height: 17, frames: 2, fps: 8 });
  expect(probe(writeTemp('odd.mp4', Buffer.from(odd.base64, 'base64')))).toMatchObject({ width: 34, height: 18, frames: 2 });
});

test('aborting mid-encode rejects with AbortError and the next encode works', async ({ page }) => {
  await open(page);
  for (const format of ['mp4', 'webm', 'gif'] as const) {
    const request: VideoRequest = { format, width: 128, height: 128, frames: 12, fps: 8, abortAt: 3 };
    const aborted = await page.evaluate((r) => window.videoHarness.encode(r), request);
    expect(aborted).toMatchObject({ ok: false, name: 'AbortError' });
    expect(aborted.progress.length).toBeLessThan(12);
    const { abortAt: _, ...again } = request;
    checkFile(`after-abort.${format}`, await encode(page, again), again, { mp4: 'h264', webm: 'vp9', gif: 'gif' }[format]);
  }
});
