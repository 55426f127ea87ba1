// Generator: the generate form's state: the image, prompt and settings, the engine run with its progress, and the
// finished video. Talks to the engine worker through the app's one EngineClient.
import type { EngineEvent, EngineStage, GenerateResult } from '../../protocol/engine.ts';
import { DEFAULT_PARAMS, type GenerationParams } from '../../protocol/params.ts';
import { engine } from '../engine.ts';
import { engineErrorText, PRESETS, type Preset } from '../presets.ts';

export interface Finished {
  readonly url: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: number;
  readonly codec: string;
  readonly frameCount: number;
  readonly backend: string;
  readonly seconds: number;
  readonly params: GenerationParams;
}

export class Generator {
  image = $state<File | undefined>(undefined);
  imageUrl = $state<string | undefined>(undefined);
  prompt = $state('');
  negativePrompt = $state(DEFAULT_PARAMS.negativePrompt);
  preset = $state<Preset['id']>('quick');
  seed = $state(42);
  phase = $state<'idle' | 'loading' | 'running' | 'done' | 'failed' | 'cancelled'>('idle');
  progress = $state<{ stage: EngineStage; done: number; total: number } | undefined>(undefined);
  result = $state<Finished | undefined>(undefined);
  error = $state('');
  private loadedModel: string | undefined;

  get busy(): boolean {
    return this.phase === 'loading' || this.phase === 'running';
  }

  setImage(file: File | undefined): void {
    if (this.imageUrl) URL.revokeObjectURL(this.imageUrl);
    this.image = file;
    this.imageUrl = file ? URL.createObjectURL(file) : undefined;
  }

  async generate(modelId: string): Promise<void> {
    if (this.busy) return;
    if (!this.image) {
      this.fail('Choose an image first.');
      return;
    }
    const p = PRESETS.find((x) => x.id === this.preset) ?? PRESETS[0]!;
    const params: GenerationParams = {
      ...DEFAULT_PARAMS,
      prompt: this.prompt,
      negativePrompt: this.negativePrompt,
      width: p.size,
      height: p.size,
      numFrames: p.numFrames,
      numInferenceSteps: p.numInferenceSteps,
      guidanceScale: p.guidanceScale,
      seed: this.seed,
    };
    this.error = '';
    this.progress = undefined;
    const started = performance.now();
    const onEvent = (e: EngineEvent) => {
      if (e.type === 'progress') this.progress = { stage: e.stage, done: e.done, total: e.total };
    };
    try {
      if (this.loadedModel !== modelId) {
        this.phase = 'loading';
        await engine.load({ modelId }, onEvent);
        this.loadedModel = modelId;
      }
      this.phase = 'running';
      const r = await engine.generate({ image: this.image, params, output: { format: 'mp4', fps: p.fps } }, onEvent);
      this.finish(r, (performance.now() - started) / 1000);
    } catch (e) {
      if ((e as { code?: string }).code === 'cancelled') {
        this.phase = 'cancelled';
        return;
      }
      if ((e as { code?: string }).code === 'device-lost' || (e as { code?: string }).code === 'model') this.loadedModel = undefined;
      this.fail(engineErrorText(e));
    }
  }

  cancel(): void {
    void engine.cancel();
  }

  private finish(r: GenerateResult, seconds: number): void {
    if (this.result) URL.revokeObjectURL(this.result.url);
    const blob = new Blob([r.video.bytes as Uint8Array<ArrayBuffer>], { type: r.video.mimeType });
    this.result = {
      url: URL.createObjectURL(blob),
      fileName: `localmotion-${r.params.seed}.${r.video.extension}`,
      mimeType: r.video.mimeType,
      bytes: blob.size,
      codec: r.video.codec,
      frameCount: r.video.frameCount,
      backend: r.backend,
      seconds,
      params: r.params,
    };
    this.phase = 'done';
  }

  private fail(message: string): void {
    this.error = message;
    this.phase = 'failed';
  }
}
