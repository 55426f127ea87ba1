// Engine harness page: window.engineHarness drives the engine worker through the app's EngineClient; results come
// back to Playwright as plain JSON (bytes as base64).
import { EngineClient } from '../../src/app/engine-client.ts';
import { installFromUrl } from '../../src/store/download/install.ts';
import type { Backend, EngineEvent, GenerateRequest } from '../../src/protocol/engine.ts';
import { EngineError } from '../../src/protocol/errors.ts';
import type { GenerationParams } from '../../src/protocol/params.ts';

const client = new EngineClient(() => new Worker(new URL('./engine-test.worker.ts', import.meta.url), { type: 'module', name: 'engine-test' }));
const events: EngineEvent[] = [];

function base64(bytes: Uint8Array | Uint8ClampedArray): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A test image (gradient + shapes) as a PNG Blob, so the worker's decode path runs. */
async function testImage(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d')!;
  const gradient = g.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#1e3a8a');
  gradient.addColorStop(1, '#f59e0b');
  g.fillStyle = gradient;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#ef4444';
  g.beginPath();
  g.arc(width * 0.6, height * 0.4, Math.min(width, height) / 4, 0, 2 * Math.PI);
  g.fill();
  return canvas.convertToBlob({ type: 'image/png' });
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (e: unknown) => ({ ok: false as const, code: e instanceof EngineError ? e.code : 'not-an-engine-error', message: String((e as Error).message ?? e), detail: e instanceof EngineError ? e.detail : {} }),
  );

export interface HarnessGenerate {
  params: Partial<GenerationParams>;
  output?: Partial<GenerateRequest['output']>;
  image?: { width: number; height: number };
  returnFrames?: boolean;
  previewEvery?: number;
  /** Cancel when this progress point is reached (e.g. { stage: 'denoise', done: 2 }). */
  cancelAt?: { stage: string; done: number };
  /** Destroy the engine's GPU device when this progress point is reached. */
  destroyDeviceAt?: { stage: string; done: number };
}

const harness = {
  async load(bundleUrl: string, backend: Backend | 'auto') {
    return settle(client.load({ bundleUrl, backend }));
  },
  /** Installs a bundle into the model store (IndexedDB) from this page; returns the model id. */
  async install(bundleUrl: string): Promise<string> {
    return (await installFromUrl(new URL(bundleUrl, location.href).href)).record.id;
  },
  async loadInstalled(modelId: string, backend: Backend | 'auto') {
    return settle(client.load({ modelId, backend }));
  },
  async generate(h: HarnessGenerate) {
    events.length = 0;
    const image = await testImage(h.image?.width ?? 40, h.image?.height ?? 32);
    const params: GenerationParams = {
      prompt: 'a red ball rolling slowly to the right',
      negativePrompt: 'blurry, static',
      width: 32,
      height: 32,
      numFrames: 3,
      numInferenceSteps: 2,
      guidanceScale: 9,
      targetFps: 16,
      seed: 42,
      sampler: 'ddim',
      ...h.params,
    };
    const onEvent = (e: EngineEvent) => {
      events.push(e.type === 'preview' ? { ...e, image: { ...e.image, data: new Uint8ClampedArray(0) } } : e);
      const at = (p?: { stage: string; done: number }) => e.type === 'progress' && p?.stage === e.stage && p.done === e.done;
      if (at(h.cancelAt)) void client.cancel();
      if (at(h.destroyDeviceAt)) void client.api<{ destroyDevice(): Promise<number> }>().destroyDevice();
    };
    const request: GenerateRequest = {
      image,
      params,
      output: { format: 'mp4', fps: 8, ...h.output },
      ...(h.returnFrames ? { returnFrames: true } : {}),
      ...(h.previewEvery ? { previewEvery: h.previewEvery } : {}),
    };
    const result = await settle(client.generate(request, onEvent));
    if (!result.ok) return { ...result, events: [...events] };
    const { video, frames, timings, backend, warnings } = result.value;
    return {
      ok: true as const,
      video: { ...video, bytes: base64(video.bytes) },
      frames: frames?.map((f) => base64(f.data)),
      timings,
      backend,
      warnings,
      events: [...events],
    };
  },
  memory: () => settle(client.memory()),
  /** The page's memory including its workers (cross-origin isolated pages only), bytes. */
  async pageMemory(): Promise<number> {
    const m = await (performance as unknown as { measureUserAgentSpecificMemory(): Promise<{ bytes: number }> }).measureUserAgentSpecificMemory();
    return m.bytes;
  },
  release: () => settle(client.release()),
  probe: () => settle(client.probe()),
};

(window as unknown as { engineHarness: typeof harness }).engineHarness = harness;
