// generateVideo()'s arguments checked at the edge, with errors a developer can act on: the image, the prompt, and the
// options (model, preset, partial settings, negative prompt, callbacks, backend) merged into the settings a run takes.
// Pure, so Node tests check every refusal.
import type { GenerateSettings, PresetId } from '../app/settings.ts';
import { checkSettings, DEFAULT_SETTINGS, PRESET_IDS } from '../app/settings.ts';
import type { Backend, EngineStage } from '../protocol/engine.ts';
import { SETTINGS_KEYS } from '../embed/messages.ts';
import { english } from './english.ts';
import { mergeSettings } from './merge-settings.ts';

export interface ProgressEvent {
  readonly stage: EngineStage;
  readonly done: number;
  readonly total: number;
  readonly unit: 'step' | 'frame' | 'graph' | 'call';
}

export interface GenerateVideoOptions {
  /** An installed model (by id) or a bundle folder URL; default: the first model installed in this browser. */
  readonly model?: { readonly modelId: string } | { readonly bundleUrl: string };
  /** Applied before `settings`: quick (the tiny demo model), fast, standard or high. */
  readonly preset?: PresetId;
  readonly settings?: Partial<GenerateSettings>;
  readonly negativePrompt?: string;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborting cancels the run; the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** 'auto' (default): WebGPU when there is an adapter, else WebAssembly on the CPU. */
  readonly backend?: Backend | 'auto';
}

export interface CheckedCall {
  readonly image: Blob;
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly settings: GenerateSettings;
  readonly model: { readonly modelId: string } | { readonly bundleUrl: string } | undefined;
  readonly backend: Backend | 'auto';
}

const fail = (message: string): never => {
  throw new TypeError(`generateVideo: ${message}`);
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const OPTION_KEYS = ['model', 'preset', 'settings', 'negativePrompt', 'onProgress', 'signal', 'backend'];

/** The call's arguments, checked and merged; throws a TypeError that names the argument and what it should be. */
export function checkCall(image: unknown, prompt: unknown, options: unknown, pageUrl: string): CheckedCall {
  if (!(image instanceof Blob)) fail(`image must be a Blob or File (a PNG, JPEG or WebP picture), got ${describe(image)}`);
  if (typeof prompt !== 'string') fail(`prompt must be a string, got ${describe(prompt)}`);
  if (options === undefined) options = {};
  if (!isRecord(options)) fail(`options must be an object, got ${describe(options)}`);
  const o = options as Record<string, unknown>;
  const unknownKeys = Object.keys(o).filter((k) => !OPTION_KEYS.includes(k));
  if (unknownKeys.length > 0) fail(`unknown option ${unknownKeys.join(', ')} (known: ${OPTION_KEYS.join(', ')})`);

  if (o.preset !== undefined && !(PRESET_IDS as readonly unknown[]).includes(o.preset)) fail(`options.preset must be one of ${PRESET_IDS.join(', ')}, got ${describe(o.preset)}`);
  if (o.settings !== undefined) {
    if (!isRecord(o.settings)) fail(`options.settings must be an object, got ${describe(o.settings)}`);
    const unknownSettings = Object.keys(o.settings as object).filter((k) => !(SETTINGS_KEYS as readonly string[]).includes(k));
    if (unknownSettings.length > 0) fail(`unknown setting ${unknownSettings.join(', ')} (known: ${SETTINGS_KEYS.join(', ')})`);
  }
  if (o.negativePrompt !== undefined && typeof o.negativePrompt !== 'string') fail(`options.negativePrompt must be a string, got ${describe(o.negativePrompt)}`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') fail('options.onProgress must be a function');
  if (o.signal !== undefined && !(typeof AbortSignal !== 'undefined' && o.signal instanceof AbortSignal)) fail('options.signal must be an AbortSignal');
  const backend = o.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'wasm') fail(`options.backend must be 'auto', 'webgpu' or 'wasm', got ${describe(backend)}`);

  const negativePrompt = (o.negativePrompt as string | undefined) ?? '';
  const base = o.preset === undefined ? DEFAULT_SETTINGS : mergeSettings(DEFAULT_SETTINGS, { preset: o.preset as PresetId });
  const settings = mergeSettings(base, o.settings as Partial<GenerateSettings> | undefined);
  const problems = checkSettings(settings, prompt as string, negativePrompt);
  if (problems.length > 0) {
    const field = (f: string) => (f === 'prompt' ? 'prompt' : f === 'negativePrompt' ? 'options.negativePrompt' : `settings.${f}`);
    fail(problems.map((p) => `${field(p.field)}: ${english(p.message)}`).join(' '));
  }
  return { image: image as Blob, prompt: prompt as string, negativePrompt, settings, model: checkModel(o.model, pageUrl), backend: backend as Backend | 'auto' };
}

function checkModel(model: unknown, pageUrl: string): CheckedCall['model'] {
  if (model === undefined) return undefined;
  const shape = "options.model must be { modelId: '<an installed model>' } or { bundleUrl: 'https://…/bundle/' }";
  if (!isRecord(model) || ('modelId' in model) === ('bundleUrl' in model)) return fail(shape);
  if ('modelId' in model) {
    if (typeof model.modelId !== 'string' || model.modelId === '') return fail(shape);
    return { modelId: model.modelId };
  }
  if (typeof model.bundleUrl !== 'string') return fail(shape);
  let url: URL;
  try {
    url = new URL(model.bundleUrl, pageUrl);
  } catch {
    return fail(`options.model.bundleUrl is not a URL: ${model.bundleUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`options.model.bundleUrl must be an http(s) URL, got ${url.protocol}`);
  // The bundle is a folder (manifest.json inside): resolve its files against it, not against its parent.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { bundleUrl: url.href };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return `${typeof v} ${String(v)}`;
}
