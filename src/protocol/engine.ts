// EngineApi: what the page may ask of the engine worker (comlink exposes one object with these methods), and the
// events and results that come back. Types only.
import type { GpuReport } from './gpu.ts';
import type { GenerationParams } from './params.ts';

export type Backend = 'webgpu' | 'wasm';
export type VideoFormat = 'mp4' | 'webm' | 'gif';
export type LoopMode = 'forward' | 'pingpong';

export type EngineStage = 'load' | 'encode-prompt' | 'encode-image' | 'denoise' | 'decode' | 'encode-video';

export interface LoadRequest {
  /** An installed model in the model store (IndexedDB), or… */
  readonly modelId?: string;
  /** …the folder URL of a model bundle (manifest.json inside), resolved against the page. */
  readonly bundleUrl?: string;
  /** 'auto' (default): WebGPU when an adapter exists, else wasm. */
  readonly backend?: Backend | 'auto';
}

export interface LoadedModel {
  readonly id: string;
  readonly name: string;
  readonly precision: string;
  readonly backend: Backend;
  readonly notice?: string;
  /** Why this backend and precision (for the model manager). */
  readonly reason: string;
  readonly loadMs: number;
}

/** An image in memory: RGBA, row-major, 4 bytes a pixel. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

export interface OutputOptions {
  readonly format: VideoFormat;
  /** Playback frame rate of the file (the model's motion speed is params.targetFps). */
  readonly fps: number;
  readonly loop?: LoopMode;
}

export interface GenerateRequest {
  /** An encoded image file (PNG/JPEG/WebP; EXIF orientation applied) or decoded RGBA pixels. */
  readonly image: Blob | RgbaImage;
  readonly params: GenerationParams;
  readonly output: OutputOptions;
  /** Decode a preview of the predicted clean video every N steps (0: never, the default). */
  readonly previewEvery?: number;
  /** Also return the RGBA frames (before encoding). */
  readonly returnFrames?: boolean;
}

export type EngineEvent =
  | { readonly type: 'progress'; readonly stage: EngineStage; readonly done: number; readonly total: number; readonly unit: 'step' | 'frame' | 'graph' | 'call' }
  | { readonly type: 'preview'; readonly step: number; readonly total: number; readonly image: RgbaImage }
  | ({ readonly type: 'warning' } & EngineWarning);

/** Something a run did differently from what it was asked, though it finished. */
export interface EngineWarning {
  /** The prompt or negative prompt had more tokens than the text encoder reads: only the first `tokens` were used. */
  readonly code: 'prompt-truncated' | 'negative-prompt-truncated';
  /** The text encoder's length (77 for CLIP), start and end tokens included. */
  readonly tokens: number;
  /** The same in English, for logs. */
  readonly message: string;
}

/** An encoded file (src/video's encodeVideo returns exactly this). */
export interface EncodedVideoResult {
  readonly bytes: Uint8Array;
  /** The bare type (video/mp4, video/webm, image/gif); `codec` has the codec string. */
  readonly mimeType: string;
  readonly extension: VideoFormat;
  /** The WebCodecs codec string actually used (avc1.640016, vp09.00.21.08, …), or 'gif'. */
  readonly codec: string;
  /** The stored size: MP4/WebM pad odd sizes to even. */
  readonly width: number;
  readonly height: number;
  /** Frames in the file, after the loop order (ping-pong of n frames stores 2n − 2). */
  readonly frameCount: number;
  readonly fps: number;
}

export interface GenerationTimings {
  /** Wall time per stage, ms. */
  readonly stages: Readonly<Partial<Record<EngineStage, number>>>;
  /** Wall time per stage not spent in session.run, ms (encode-video: all of it; prepare: checks + image decode). */
  readonly outsideRunByStage: Readonly<Partial<Record<EngineStage | 'prepare', number>>>;
  readonly totalMs: number;
  /** Time inside session.run (incl. reading results back), ms. */
  readonly runMs: number;
  readonly runCalls: number;
  /** 1 − runMs / (totalMs − encode-video time): the share of model work spent outside the runtime. */
  readonly outsideRunShare: number;
}

export interface GenerateResult {
  readonly video: EncodedVideoResult;
  readonly frames?: readonly RgbaImage[];
  readonly params: GenerationParams;
  readonly backend: Backend;
  readonly timings: GenerationTimings;
  readonly warnings: readonly EngineWarning[];
}

export interface EngineMemory {
  /** Bytes in live GPU buffers the engine's device holds (WebGPU only). */
  readonly gpuBytes: number;
  readonly gpuBuffers: number;
  readonly sessions: number;
}

export interface EngineApi {
  probe(): Promise<GpuReport>;
  load(request: LoadRequest, onEvent?: (e: EngineEvent) => void): Promise<LoadedModel>;
  generate(request: GenerateRequest, onEvent?: (e: EngineEvent) => void): Promise<GenerateResult>;
  /** Stops the running generation at the next step, frame or chunk; it rejects with `cancelled`. */
  cancel(): Promise<void>;
  /** Frees the sessions and the GPU memory; the next load starts over. */
  release(): Promise<void>;
  memory(): Promise<EngineMemory>;
}
