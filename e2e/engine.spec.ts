// The engine worker end to end on the tiny demo bundle: generate on wasm and on WebGPU (SwiftShader), MP4/WebM/GIF
// judged by ffprobe and decoded back, cancel, device loss, no network while generating, determinism, memory.
import type { Page } from '@playwright/test';
import type { HarnessGenerate } from './harness/engine.ts';
import { HARNESS_URL } from './harness-port.ts';
import { decodeLuma, decodeRgb, mp4Boxes, probe, psnrLumaVsRgba, psnrRgbVsRgba } from './support/media.ts';
import { expect, test } from './fixtures.ts';

const BUNDLE = '/models/tiny/';

interface Harness {
  load(url: string, backend: string): Promise<{ ok: boolean; value?: { backend: string; reason: string; loadMs: number }; code?: string; message?: string }>;
  generate(h: HarnessGenerate): Promise<GenerateOutcome>;
  memory(): Promise<{ ok: boolean; value: { gpuBytes: number; gpuBuffers: number; sessions: number; jsHeapBytes?: number } }>;
  pageMemory(): Promise<number>;
}
interface GenerateOutcome {
  ok: boolean;
  code?: string;
  message?: string;
  video: { bytes: string; mimeType: string; codec: string; width: number; height: number; frameCount: number; fps: number; extension: string };
  frames?: string[];
  timings: { stages: Record<string, number>; totalMs: number; runMs: number; runCalls: number; outsideRunShare: number };
  backend: string;
  events: { type: string; stage?: string; done?: number; total?: number; step?: number }[];
}

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

async function open(page: Page, backend: 'wasm' | 'webgpu') {
  await page.goto(`${HARNESS_URL}/engine.html`);
  await page.waitForFunction(() => 'engineHarness' in window);
  const loaded = await page.evaluate(([url, b]) => (window as unknown as { engineHarness: Harness }).engineHarness.load(url, b), [BUNDLE, backend] as const);
  expect(loaded.ok, loaded.message).toBe(true);
  expect(loaded.value!.backend).toBe(backend);
  console.log(`${backend}: loaded in ${Math.round(loaded.value!.loadMs)} ms (${loaded.value!.reason})`);
}

const generate = (page: Page, h: HarnessGenerate) =>
  page.evaluate((req) => (window as unknown as { engineHarness: Harness }).engineHarness.generate(req), h);
const memory = async (page: Page) => (await page.evaluate(() => (window as unknown as { engineHarness: Harness }).engineHarness.memory())).value;

/** ffprobe agrees with what was asked, and the frames decode back close to the engine's own frames. */
function checkMp4(out: GenerateOutcome, frames: number, width: number, height: number, fps: number): number {
  expect(out.ok, out.message).toBe(true);
  const file = bytes(out.video.bytes);
  const p = probe(file, 'out.mp4');
  expect(p.stream.codec_name).toBe('h264');
  expect([p.stream.width, p.stream.height]).toEqual([width, height]);
  expect(Number(p.stream.nb_read_frames)).toBe(frames);
  expect(p.stream.r_frame_rate).toBe(`${fps}/1`);
  expect(mp4Boxes(file).indexOf('moov')).toBeLessThan(mp4Boxes(file).indexOf('mdat'));
  // The tiny model's frames are pixel noise (random weights): 4:2:0 chroma cannot keep per-pixel colour noise, so
  // RGB PSNR is low by construction; luma is coded at full resolution and must come back close.
  expect([p.stream.color_space, p.stream.color_range]).toEqual(['bt709', 'pc']);
  const source = out.frames!.map(bytes);
  const psnrY = psnrLumaVsRgba(decodeLuma(file, 'out.mp4', width, height), source);
  const psnrRgb = psnrRgbVsRgba(decodeRgb(file, 'out.mp4', width, height), source);
  console.log(`MP4 ${width}×${height}: PSNR-Y ${psnrY.toFixed(1)} dB, RGB ${psnrRgb.toFixed(1)} dB, ${file.length} bytes`);
  expect(psnrY).toBeGreaterThanOrEqual(30);
  return psnrY;
}

test('wasm: an MP4 of the requested frames, size and fps, close to the pipeline frames; no request leaves the page; same seed, same frames', async ({ page, context }) => {
  test.setTimeout(180_000);
  await open(page, 'wasm');
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const first = await generate(page, { params: { numFrames: 4, numInferenceSteps: 3 }, returnFrames: true, previewEvery: 1 });
  const psnr = checkMp4(first, 4, 32, 32, 8);
  expect(requests, 'requests while generating').toEqual([]);
  // Progress: every stage in order, each closed with done = total; previews after steps 1 and 2 (not the last).
  const stages = [...new Set(first.events.filter((e) => e.type === 'progress').map((e) => e.stage))];
  expect(stages).toEqual(['encode-prompt', 'encode-image', 'denoise', 'decode', 'encode-video']);
  expect(first.events.filter((e) => e.type === 'progress' && e.stage === 'denoise').map((e) => e.done)).toEqual([1, 2, 3]);
  expect(first.events.filter((e) => e.type === 'preview').map((e) => e.step)).toEqual([1, 2]);
  const t = first.timings;
  console.log(`wasm: PSNR-Y ${psnr.toFixed(1)} dB; total ${Math.round(t.totalMs)} ms, session.run ${Math.round(t.runMs)} ms in ${t.runCalls} calls, outside run ${(100 * t.outsideRunShare).toFixed(2)} %; stages ${JSON.stringify(Object.fromEntries(Object.entries(t.stages).map(([k, v]) => [k, Math.round(v)])))}`);

  const again = await generate(page, { params: { numFrames: 4, numInferenceSteps: 3 }, returnFrames: true });
  expect(again.frames).toEqual(first.frames);
  const other = await generate(page, { params: { numFrames: 4, numInferenceSteps: 3, seed: 43 }, returnFrames: true });
  expect(other.frames).not.toEqual(first.frames);
});

test('wasm: WebM and GIF exports are valid with the right frame counts; ping-pong doubles the frames minus two', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, 'wasm');
  const webm = await generate(page, { params: { numFrames: 3, numInferenceSteps: 1 }, output: { format: 'webm', fps: 12 } });
  expect(webm.ok, webm.message).toBe(true);
  const w = probe(bytes(webm.video.bytes), 'out.webm');
  expect(w.stream.codec_name).toBe('vp9');
  expect(Number(w.stream.nb_read_frames)).toBe(3);
  const gif = await generate(page, { params: { numFrames: 3, numInferenceSteps: 1 }, output: { format: 'gif', fps: 10 } });
  expect(gif.ok, gif.message).toBe(true);
  const g = probe(bytes(gif.video.bytes), 'out.gif');
  expect(g.stream.codec_name).toBe('gif');
  expect(Number(g.stream.nb_read_frames)).toBe(3);
  const pingpong = await generate(page, { params: { numFrames: 4, numInferenceSteps: 1 }, output: { format: 'mp4', fps: 8, loop: 'pingpong' } });
  expect(pingpong.ok, pingpong.message).toBe(true);
  expect(Number(probe(bytes(pingpong.video.bytes), 'out.mp4').stream.nb_read_frames)).toBe(2 * 4 - 2);
});

test('wasm: cancel at step k leaves the engine idle and the next generation works; 20 generations do not grow the heap', async ({ page }) => {
  test.setTimeout(300_000);
  await open(page, 'wasm');
  const cancelled = await generate(page, { params: { numInferenceSteps: 5 }, cancelAt: { stage: 'denoise', done: 2 } });
  expect(cancelled.ok).toBe(false);
  expect(cancelled.code).toBe('cancelled');
  const denoised = cancelled.events.filter((e) => e.type === 'progress' && e.stage === 'denoise').map((e) => e.done);
  expect(Math.max(...(denoised as number[]))).toBeLessThanOrEqual(3); // stops at the next step boundary
  expect(cancelled.events.some((e) => e.stage === 'decode')).toBe(false);
  const after = await generate(page, { params: { numInferenceSteps: 2 }, returnFrames: true });
  expect(after.ok, after.message).toBe(true);

  // measureUserAgentSpecificMemory counts the page and its workers (JS heaps, wasm memory), after a GC.
  const measure = () => page.evaluate(() => (window as unknown as { engineHarness: Harness }).engineHarness.pageMemory());
  const heap: number[] = [];
  for (let i = 1; i <= 20; i++) {
    const out = await generate(page, { params: { numInferenceSteps: 1, seed: i } });
    expect(out.ok, out.message).toBe(true);
    if (i === 2 || i === 20) heap.push(await measure());
  }
  console.log(`wasm: page + worker memory after generation 2 and 20: ${heap.map((b) => (b / 2 ** 20).toFixed(1)).join(' → ')} MiB`);
  expect(heap[1]!).toBeLessThanOrEqual(heap[0]! * 1.05);
});

test('WebGPU: an MP4 close to the pipeline frames with latents kept on the GPU; GPU memory does not grow; a destroyed device gives device-lost and the next generation works', async ({ page }) => {
  test.setTimeout(600_000);
  await open(page, 'webgpu');
  const small = { numFrames: 2, numInferenceSteps: 1 };
  const first = await generate(page, { params: small, returnFrames: true });
  const psnr = checkMp4(first, 2, 32, 32, 8);
  const m1 = await memory(page);
  const t = first.timings;
  console.log(`webgpu: PSNR-Y ${psnr.toFixed(1)} dB; total ${Math.round(t.totalMs)} ms, outside run ${(100 * t.outsideRunShare).toFixed(2)} %; GPU ${(m1.gpuBytes / 2 ** 20).toFixed(2)} MiB in ${m1.gpuBuffers} buffers`);
  const second = await generate(page, { params: small, returnFrames: true });
  expect(second.ok, second.message).toBe(true);
  expect(second.frames).toEqual(first.frames);
  const m2 = await memory(page);
  console.log(`webgpu: after a second generation ${(m2.gpuBytes / 2 ** 20).toFixed(2)} MiB in ${m2.gpuBuffers} buffers`);
  expect(m2.gpuBytes).toBeLessThanOrEqual(m1.gpuBytes * 1.01);

  const lost = await generate(page, { params: small, destroyDeviceAt: { stage: 'encode-prompt', done: 1 } });
  expect(lost.ok).toBe(false);
  expect(lost.code, lost.message).toBe('device-lost');
  const recovered = await generate(page, { params: small, returnFrames: true });
  expect(recovered.ok, recovered.message).toBe(true);
  expect(recovered.backend).toBe('webgpu');
  expect(recovered.frames).toEqual(first.frames);

  // release() frees the sessions and their GPU memory.
  const loaded = await memory(page);
  await page.evaluate(() => (window as unknown as { engineHarness: { release(): Promise<unknown> } }).engineHarness.release());
  const released = await memory(page);
  console.log(`webgpu: release() ${(loaded.gpuBytes / 2 ** 20).toFixed(2)} → ${(released.gpuBytes / 2 ** 20).toFixed(2)} MiB, ${loaded.sessions} → ${released.sessions} sessions`);
  expect(released.sessions).toBe(0);
  expect(released.gpuBytes).toBeLessThan(loaded.gpuBytes / 2);
});
