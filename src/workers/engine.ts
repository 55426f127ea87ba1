// The engine: the composition root of the worker. Loads a bundle into onnxruntime-web sessions, runs the pipeline
// (one generation at a time), encodes the video, reports progress, and turns every failure into an EngineError.
import { loadPipelineModel } from '../pipeline/model.ts';
import { runI2VGenXL, type PipelineModel, type PipelineStage } from '../pipeline/i2vgen-xl.ts';
import type {
  Backend,
  EngineApi,
  EngineEvent,
  EngineMemory,
  EngineWarning,
  GenerateRequest,
  GenerateResult,
  LoadedModel,
  LoadRequest,
  RgbaImage,
} from '../protocol/engine.ts';
import { EngineError, toEngineError } from '../protocol/errors.ts';
import type { GpuReport } from '../protocol/gpu.ts';
import { validateParams } from '../protocol/params.ts';
import { validateOutput } from '../protocol/output.ts';
import { parseManifest, type BundleManifest } from '../store/bundle/manifest.ts';
import { idbBundleSource } from '../store/bundle/idb-source.ts';
import { type BundleSource, httpBundleSource } from '../store/bundle/source.ts';
import { isStoreError } from '../store/store-error.ts';
import { encodeVideo, rgbToRgba } from '../video/index.ts';
import { probeGpu } from './gpu.ts';
import { instrumentGpu, latestDevice, type TrackedDevice } from './gpu-device.ts';
import { toRgbImage } from './image-decode.ts';
import { configureOrt } from './ort-env.ts';
import { OrtWebRunner } from './sessions.ts';
import { StageClock } from './stage-clock.ts';

interface Loaded {
  readonly runner: OrtWebRunner;
  readonly model: PipelineModel;
  readonly info: LoadedModel;
}

type Emit = (e: EngineEvent) => void;

export class Engine implements EngineApi {
  private loaded: Loaded | undefined;
  private device: TrackedDevice | undefined;
  private running: AbortController | undefined;
  private lost: EngineError | undefined;

  async probe(): Promise<GpuReport> {
    return probeGpu();
  }

  async load(request: LoadRequest, onEvent: Emit = () => {}): Promise<LoadedModel> {
    this.usable();
    if (this.running) throw new EngineError('busy', 'a generation is running; cancel it before loading another model');
    const started = performance.now();
    const abort = new AbortController();
    this.running = abort;
    try {
      const source = await sourceOf(request, abort.signal);
      const manifest = parseManifest(await source.readText('manifest.json'));
      const { backend, reason } = await this.chooseBackend(request.backend ?? 'auto', manifest);
      const model = await loadPipelineModel((path) => source.readText(path), manifest);
      await this.release();
      const runner = await this.whileDeviceLives(
        OrtWebRunner.create(backend, manifest, source, (done, total) => onEvent({ type: 'progress', stage: 'load', done, total, unit: 'graph' }), abort.signal),
      );
      if (backend === 'webgpu') this.device = latestDevice();
      const info: LoadedModel = {
        id: manifest.id,
        name: manifest.name,
        precision: manifest.precision,
        backend,
        reason,
        loadMs: performance.now() - started,
        ...(manifest.notice ? { notice: manifest.notice } : {}),
      };
      this.loaded = { runner, model, info };
      return info;
    } catch (e) {
      throw await this.failure(e, 'model');
    } finally {
      this.running = undefined;
    }
  }

  async generate(request: GenerateRequest, onEvent: Emit = () => {}): Promise<GenerateResult> {
    this.usable();
    if (this.running) throw new EngineError('busy', 'a generation is already running');
    const loaded = this.loaded;
    if (!loaded) throw new EngineError('no-model', 'load a model before generating');
    const abort = new AbortController();
    this.running = abort;
    const { runner, model } = loaded;
    const clock = new StageClock(runner.stats);
    const warnings: EngineWarning[] = [];
    try {
      const params = validateParams(request.params, Math.max(8, model.vae.scaleFactor));
      const output = validateOutput(request.output);
      const image = await toRgbImage(request.image);
      clock.prepared();
      const pipeline = await this.whileDeviceLives(
        runI2VGenXL(runner, model, image, params, {
          signal: abort.signal,
          onProgress: (e) => {
            clock.enter(e.stage);
            onEvent({ type: 'progress', stage: e.stage, done: e.done, total: e.total, unit: unitOf(e.stage) });
          },
          onWarning: (warning) => {
            warnings.push(warning);
            onEvent({ type: 'warning', ...warning });
          },
          ...(request.previewEvery ? { previewEvery: request.previewEvery } : {}),
          onPreview: (p) => onEvent({ type: 'preview', step: p.step, total: p.total, image: toRgbaImage(rgbToRgba(p.rgb, p.width, p.height)) }),
        }),
      );
      clock.enter('encode-video');
      const frames = pipeline.frames.map((f) => rgbToRgba(f, pipeline.width, pipeline.height));
      const video = await encodeVideo(frames, {
        format: output.format,
        fps: output.fps,
        loop: output.loop ?? 'forward',
        metadata: { title: params.prompt, comment: settingsComment(params, output.fps) },
        signal: abort.signal,
        onProgress: (e) => onEvent({ type: 'progress', stage: 'encode-video', done: e.done, total: e.total, unit: 'frame' }),
      });
      return {
        video,
        ...(request.returnFrames ? { frames: frames.map(toRgbaImage) } : {}),
        params,
        backend: runner.backend,
        timings: clock.finish(),
        warnings,
      };
    } catch (e) {
      throw await this.failure(e, 'internal');
    } finally {
      this.running = undefined;
    }
  }

  async cancel(): Promise<void> {
    this.running?.abort(new DOMException('cancelled', 'AbortError'));
  }

  async release(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    await loaded?.runner.release();
  }

  async memory(): Promise<EngineMemory> {
    const live = this.device?.live() ?? { bytes: 0, buffers: 0 };
    return { gpuBytes: live.bytes, gpuBuffers: live.buffers, sessions: this.loaded?.runner.sessionCount ?? 0 };
  }

  /** WebGPU when asked or available (and the bundle's features are there), else wasm; says why. */
  private async chooseBackend(wanted: Backend | 'auto', manifest: BundleManifest): Promise<{ backend: Backend; reason: string }> {
    configureOrt();
    if (wanted === 'wasm') return { backend: 'wasm', reason: 'wasm was asked for' };
    const gpu = await probeGpu();
    if (!gpu.available || !instrumentGpu()) {
      if (wanted === 'webgpu') throw new EngineError('no-webgpu', 'WebGPU is not available in this browser', { reason: gpu.available ? 'no-api' : gpu.reason });
      return { backend: 'wasm', reason: `no WebGPU adapter (${gpu.available ? 'no-api' : gpu.reason}): running on the CPU (wasm)` };
    }
    const missing = manifest.requiredFeatures.filter((f) => !gpu.features.includes(f));
    if (missing.length > 0) {
      const message = `this ${manifest.precision} bundle needs the GPU feature ${missing.join(', ')}, which this adapter lacks`;
      if (wanted === 'webgpu') throw new EngineError('model', `${message}; use a q4f32 bundle`, { missing });
      return { backend: 'wasm', reason: `${message}: running on the CPU (wasm)` };
    }
    const name = [gpu.adapter.vendor, gpu.adapter.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
    return { backend: 'webgpu', reason: `WebGPU on ${name}${gpu.adapter.isFallbackAdapter ? ' (a software fallback adapter: slow)' : ''}` };
  }

  /** Rejects with device-lost as soon as the GPU device is lost, whatever `work` is waiting for. */
  private whileDeviceLives<T>(work: Promise<T>): Promise<T> {
    const device = this.device;
    if (!device) return work;
    const lost = device.lost.then((info) => {
      throw new EngineError('device-lost', `the GPU device was lost (${info.reason || 'unknown'}${info.message ? `: ${info.message}` : ''})`, { reason: info.reason });
    });
    return Promise.race([work, lost]);
  }

  /** After a device loss this engine (its ORT instance is bound to the dead device) refuses work: start a new one. */
  private usable(): void {
    if (this.lost) throw this.lost;
  }

  private async failure(error: unknown, fallback: 'model' | 'internal'): Promise<EngineError> {
    // A destroyed device often surfaces first as an ORT error (a failed buffer map); its lost promise settles a
    // moment later. Give it that moment before deciding what went wrong.
    if (this.device && !this.device.isLost() && !(error instanceof EngineError)) {
      await Promise.race([this.device.lost, new Promise((resolve) => setTimeout(resolve, 250))]);
    }
    if (this.device?.isLost()) {
      this.lost ??= new EngineError('device-lost', 'the GPU device was lost; a new engine is needed');
      this.loaded = undefined;
      return error instanceof EngineError && error.code === 'device-lost' ? error : this.lost;
    }
    if (isStoreError(error)) {
      return error.code === 'cancelled' ? new EngineError('cancelled', 'cancelled') : new EngineError('model', error.message, { store: error.code, ...error.detail });
    }
    const e = toEngineError(error);
    return e.code === 'internal' && fallback === 'model' ? new EngineError('model', e.message) : e;
  }
}

/** Where the bundle's files come from: the model store (sessions read its chunk Blobs) or a URL. */
async function sourceOf(request: LoadRequest, signal: AbortSignal): Promise<BundleSource> {
  if (request.modelId !== undefined) return idbBundleSource(request.modelId);
  if (request.bundleUrl !== undefined) return httpBundleSource(request.bundleUrl, signal);
  throw new EngineError('bad-request', 'load needs a modelId or a bundleUrl', { field: 'modelId' });
}

function unitOf(stage: PipelineStage): 'step' | 'frame' | 'call' {
  return stage === 'denoise' ? 'step' : stage === 'decode' ? 'frame' : 'call';
}

function toRgbaImage(f: { data: Uint8ClampedArray; width: number; height: number }): RgbaImage {
  return { width: f.width, height: f.height, data: f.data };
}

function settingsComment(p: GenerateRequest['params'], fps: number): string {
  return JSON.stringify({
    generator: 'LocalMotion (I2VGen-XL)',
    prompt: p.prompt,
    negativePrompt: p.negativePrompt,
    width: p.width,
    height: p.height,
    numFrames: p.numFrames,
    numInferenceSteps: p.numInferenceSteps,
    guidanceScale: p.guidanceScale,
    targetFps: p.targetFps,
    seed: p.seed,
    sampler: p.sampler,
    fps,
  });
}
