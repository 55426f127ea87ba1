// Generator: the Generate form's state: the chosen image (checked on the page), prompts, settings (a preset or
// custom values) with their problems, the installed model to use and its memory facts, and one run through
// runGeneration with its progress, time left, preview frame and finished video. History's "Reuse settings", the
// batch queue and embed mode read and fill it.
import type { EngineEvent, EngineStage, EngineWarning, RgbaImage } from '../../protocol/engine.ts';
import { engineErrorText, type EngineErrorText } from '../engine-error-text.ts';
import { isCancelled } from '../error-text.ts';
import { engine } from '../engine.ts';
import { EtaClock } from '../eta.ts';
import type { Message } from '../i18n/i18n.svelte.ts';
import { checkImage, singleFile } from '../image-check.ts';
import { modelMemory, type ModelMemory } from '../preflight.ts';
import { runGeneration, SettingsError } from '../run.ts';
import { applyPreset, checkSettings, DEFAULT_SETTINGS, type GenerateSettings, PRESET_FIELDS, type PresetId } from '../settings.ts';
import { storedManifest } from '../store-client.ts';
import { FinishedVideo } from './finished-video.svelte.ts';

export interface ChosenImage {
  readonly blob: Blob;
  readonly url: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
}

export interface RunProgress {
  readonly stage: EngineStage;
  readonly done: number;
  readonly total: number;
  readonly unit: 'step' | 'frame' | 'graph' | 'call';
  readonly secondsLeft?: number;
}

const GPU_MEMORY_KEY = 'localmotion.gpuMemoryGiB';

/** Preview every step of a short run, about ten previews of a long one (each costs one VAE decode). */
const previewEvery = (steps: number): number => Math.max(1, Math.round(steps / 10));

export class Generator {
  settings = $state<GenerateSettings>({ ...DEFAULT_SETTINGS });
  prompt = $state('');
  negativePrompt = $state('');
  /** The installed model to use ('' while none is ready). */
  modelId = $state('');
  /** The chosen model's memory facts, for the pre-flight (undefined while unknown). */
  memory = $state.raw<ModelMemory | undefined>(undefined);
  /** The user's "GPU memory" in GiB; undefined: use the guess from the adapter. */
  gpuMemoryGiB = $state<number | undefined>(readGpuMemory());

  image = $state.raw<ChosenImage | undefined>(undefined);
  imageProblem = $state.raw<Message | undefined>(undefined);
  imageNotices = $state.raw<readonly Message[]>([]);
  checkingImage = $state(false);

  /** Set by the first Generate: from then on problems show while the user edits. */
  attempted = $state(false);
  phase = $state<'idle' | 'running' | 'done' | 'failed' | 'cancelled'>('idle');
  progress = $state.raw<RunProgress | undefined>(undefined);
  preview = $state.raw<{ image: RgbaImage; step: number; total: number } | undefined>(undefined);
  /** What the engine did differently from what was asked in the current or last run (a prompt cut to 77 tokens). */
  warnings = $state.raw<readonly EngineWarning[]>([]);
  result = $state.raw<FinishedVideo | undefined>(undefined);
  error = $state.raw<EngineErrorText | undefined>(undefined);

  readonly problems = $derived(checkSettings(this.settings, this.prompt, this.negativePrompt));
  /** What the form shows: nothing before the first Generate, then every problem, live. */
  readonly shownProblems = $derived(this.attempted ? this.problems : []);

  private imageToken = 0;
  private memoryFor = '';
  /** Cancels the form's current run. */
  private abort: AbortController | undefined;

  get busy(): boolean {
    return this.phase === 'running';
  }

  /** Checks a chosen, dropped or pasted file; a rejected one leaves the previous image in place. */
  async setImage(file: Blob | undefined): Promise<void> {
    if (!file) return;
    const token = ++this.imageToken;
    this.checkingImage = true;
    const check = await checkImage(file);
    if (token !== this.imageToken) return;
    this.checkingImage = false;
    if (!check.ok) {
      this.imageProblem = check.problem;
      return;
    }
    if (this.image) URL.revokeObjectURL(this.image.url);
    const name = file instanceof File ? file.name : '';
    this.image = { blob: file, url: URL.createObjectURL(file), name, width: check.width, height: check.height };
    this.imageProblem = undefined;
    this.imageNotices = check.notices;
  }

  /** The files of a drop or paste: exactly one is taken (and checked), several is a problem; false when none. */
  takeFiles(files: ArrayLike<File> | null | undefined): boolean {
    const one = singleFile(files);
    if (!one) return false;
    if ('problem' in one) {
      this.imageToken++; // a check still running must not replace this answer
      this.checkingImage = false;
      this.imageProblem = one.problem;
    } else {
      void this.setImage(one.file);
    }
    return true;
  }

  /** Sets one value; a value a preset sets makes the settings custom. */
  set<K extends keyof GenerateSettings>(field: K, value: GenerateSettings[K]): void {
    if (Object.is(this.settings[field], value)) return;
    const preset: PresetId = PRESET_FIELDS.has(field) ? 'custom' : this.settings.preset;
    this.settings = { ...this.settings, [field]: value, preset };
  }

  choosePreset(preset: PresetId): void {
    this.settings = applyPreset(this.settings, preset);
  }

  /** Puts a run's values into the form (History's "Reuse settings", embed mode's defaults). */
  reuse(values: { settings: GenerateSettings; prompt: string; negativePrompt: string; modelId?: string }): void {
    this.settings = { ...values.settings };
    this.prompt = values.prompt;
    this.negativePrompt = values.negativePrompt;
    if (values.modelId) this.modelId = values.modelId;
  }

  /** Keeps the seed of the last run: the next run uses it again. */
  keepSeed(seed: number): void {
    this.settings = { ...this.settings, seed, seedMode: 'locked' };
  }

  setGpuMemory(giB: number | undefined): void {
    this.gpuMemoryGiB = giB !== undefined && Number.isFinite(giB) && giB > 0 ? giB : undefined;
    try {
      if (this.gpuMemoryGiB === undefined) globalThis.localStorage?.removeItem(GPU_MEMORY_KEY);
      else globalThis.localStorage?.setItem(GPU_MEMORY_KEY, String(this.gpuMemoryGiB));
    } catch {
      // Storage blocked: the setting holds for this page only.
    }
  }

  /** Reads the memory facts of `modelId` from its manifest (once per model). */
  async loadMemory(modelId: string): Promise<void> {
    if (modelId === this.memoryFor) return;
    this.memoryFor = modelId;
    this.memory = undefined;
    if (!modelId) return;
    const manifest = await storedManifest(modelId).catch(() => undefined);
    if (this.memoryFor === modelId) this.memory = manifest ? modelMemory(manifest) : undefined;
  }

  /** Runs one generation with the form's values; problems stay on their fields and nothing is cleared. */
  async generate(): Promise<void> {
    if (this.busy) return;
    this.attempted = true;
    const image = this.image;
    // With an image in place, an earlier rejected file's problem is old news: the run uses the kept image.
    this.imageProblem = image ? undefined : { key: 'generate.image.needed' };
    if (this.problems.length > 0 || !image || !this.modelId) return;
    const settings = $state.snapshot(this.settings);
    const prompt = this.prompt;
    this.phase = 'running';
    const abort = new AbortController();
    this.abort = abort;
    this.progress = undefined;
    this.preview = undefined;
    this.warnings = [];
    this.error = undefined;
    const eta = new EtaClock();
    const onEvent = (e: EngineEvent) => {
      if (e.type === 'progress') {
        const secondsLeft = eta.record(e.stage, e.done, e.total, performance.now());
        this.progress = { stage: e.stage, done: e.done, total: e.total, unit: e.unit, ...(secondsLeft === undefined ? {} : { secondsLeft }) };
      } else if (e.type === 'preview') {
        this.preview = { image: e.image, step: e.step, total: e.total };
      } else if (e.type === 'warning') {
        this.warnings = [...this.warnings, { code: e.code, tokens: e.tokens, message: e.message }];
      }
    };
    try {
      const outcome = await runGeneration(
        engine,
        { model: { modelId: this.modelId }, image: image.blob, prompt, negativePrompt: this.negativePrompt, settings, previewEvery: previewEvery(settings.steps), returnFrames: true },
        onEvent,
        abort.signal,
      );
      this.result?.dispose();
      this.result = new FinishedVideo(outcome, { ...settings, seed: outcome.seed }, prompt);
      this.phase = 'done';
    } catch (e) {
      if (e instanceof SettingsError) {
        this.phase = 'idle';
      } else if (isCancelled(e)) {
        this.phase = 'cancelled';
      } else {
        this.error = engineErrorText(e);
        this.phase = 'failed';
      }
    }
  }

  /** Cancels this form's run (and no other: a batch item running before it goes on). */
  cancel(): void {
    this.abort?.abort();
  }
}

function readGpuMemory(): number | undefined {
  try {
    const value = Number(globalThis.localStorage?.getItem(GPU_MEMORY_KEY) ?? '');
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
