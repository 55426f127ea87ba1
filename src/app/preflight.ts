// Memory pre-flight (pure): before a run, the GPU memory the chosen settings need on the installed model, against
// what this device allows; and the nearest smaller setting that fits (resolution first, then frames).
//
// Need: the graphs' weights (the model files' sizes from the manifest: every session stays loaded) plus the larger
// of one UNet call's activations (src/graph/models/unet/activations.ts, the same arithmetic as the converter's
// memory model) and one VAE call's (src/graph/models/vae/activations.ts: a frame's decode or the image's encode,
// whose mid-block attention holds [positions, positions] scores), times the allocator's slack.
// Allowance: WebGPU tells a page the largest buffer it may make (maxBufferSize, maxStorageBufferBindingSize: a hard
// limit for the largest single tensor) but not how much memory the GPU has, so the total is a budget: the user's
// "GPU memory" setting, else a guess from the adapter (defaultBudget below says how).
import { ModelConfig } from '../graph/config.ts';
import { ARENA_SLACK, unetActivations } from '../graph/models/unet/activations.ts';
import { readUNetConfig, type UNetConfig } from '../graph/models/unet/config.ts';
import { vaeActivations, vaeScaleFactor } from '../graph/models/vae/activations.ts';
import { readVaeConfig, type VaeConfig } from '../graph/models/vae/config.ts';
import type { GpuReport } from '../protocol/gpu.ts';
import type { BundleManifest } from '../store/bundle/manifest.ts';
import { DEMO_RESOLUTION, frameSize, LIMITS, RESOLUTIONS, type GenerateSettings } from './settings.ts';

export const GiB = 2 ** 30;

/** What the pre-flight needs to know about an installed model (from its manifest). */
export interface ModelMemory {
  /** Bytes per activation element: 2 when the graphs compute in fp16, else 4. */
  readonly floatBytes: number;
  /** The graphs' files (model + external data), all of them: the engine keeps every session loaded. */
  readonly weightBytes: number;
  readonly unet: UNetConfig;
  readonly vae: VaeConfig;
  /** Pixels per latent pixel: 2^(VAE levels − 1), 8 for the real model. */
  readonly vaeScaleFactor: number;
}

/** The memory facts of a model bundle, or undefined when its manifest lacks the UNet or VAE config. */
export function modelMemory(manifest: Pick<BundleManifest, 'precision' | 'graphs' | 'configs' | 'files'>): ModelMemory | undefined {
  const { unet: rawUNet, vae: rawVae } = manifest.configs;
  if (!isObject(rawUNet) || !isObject(rawVae)) return undefined;
  let unet: UNetConfig;
  let vae: VaeConfig;
  try {
    unet = readUNetConfig(new ModelConfig('manifest.json configs.unet', rawUNet));
    vae = readVaeConfig(new ModelConfig('manifest.json configs.vae', rawVae));
  } catch {
    return undefined;
  }
  const graphFiles = new Set(Object.values(manifest.graphs).flatMap((g) => (g ? [g.model, ...g.externalData] : [])));
  const weightBytes = manifest.files.filter((f) => graphFiles.has(f.path)).reduce((sum, f) => sum + f.bytes, 0);
  return {
    floatBytes: manifest.precision === 'fp16' || manifest.precision === 'q4f16' ? 2 : 4,
    weightBytes,
    unet,
    vae,
    vaeScaleFactor: vaeScaleFactor(vae),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface MemoryEstimate {
  readonly totalBytes: number;
  readonly weightBytes: number;
  /** The larger of the UNet call's and a VAE call's activations. */
  readonly activationBytes: number;
  readonly largestTensorBytes: number;
}

type SizeSettings = Pick<GenerateSettings, 'resolution' | 'aspect' | 'numFrames'>;

/** The peak GPU memory of a run with these settings, or undefined when a value is not a usable number. */
export function estimateRunMemory(model: ModelMemory, s: SizeSettings): MemoryEstimate | undefined {
  if (![s.resolution, s.numFrames].every((v) => Number.isInteger(v) && v > 0)) return undefined;
  const { width, height } = frameSize(s.resolution, s.aspect);
  if (!(width > 0 && height > 0)) return undefined;
  const unet = unetActivations(model.unet, {
    floatBytes: model.floatBytes,
    latentHeight: Math.ceil(height / model.vaeScaleFactor),
    latentWidth: Math.ceil(width / model.vaeScaleFactor),
    frames: s.numFrames,
    batch: 2, // the pipeline always runs the classifier-free-guidance pair
  });
  const vae = vaeActivations(model.vae, { floatBytes: model.floatBytes, width, height });
  const activationBytes = Math.max(unet.skipBytes + unet.transientBytes, vae.transientBytes);
  return {
    totalBytes: Math.round((model.weightBytes + activationBytes) * ARENA_SLACK),
    weightBytes: model.weightBytes,
    activationBytes,
    largestTensorBytes: Math.max(unet.largestTensorBytes, vae.largestTensorBytes),
  };
}

export type BudgetBasis = 'wasm' | 'fallback' | 'unified' | 'integrated' | 'discrete' | 'unknown' | 'user';

export interface GpuBudget {
  /** The total the run may use, bytes. */
  readonly totalBytes: number;
  /** The largest single buffer, bytes (a hard limit). */
  readonly maxTensorBytes: number;
  /** Where totalBytes comes from (the form explains each). */
  readonly basis: BudgetBasis;
}

/** WebAssembly (wasm32) addresses at most 4 GiB: the whole budget of the CPU backend. */
const WASM_BYTES = 4 * GiB;

/**
 * The budget when the user has not set one. WebGPU does not expose VRAM, so: no WebGPU → the wasm backend's 4 GiB;
 * a software (fallback) adapter → 2 GiB; Apple → 3/4 of the device memory (unified memory; Metal's working-set
 * limit is about that); Intel, ARM, Qualcomm and other integrated GPUs → half the device memory; NVIDIA and AMD →
 * 8 GiB (a common discrete card); anything else → 4 GiB. Device memory is navigator.deviceMemory (browsers cap it
 * at 8), 8 when unknown.
 */
export function defaultBudget(gpu: GpuReport | undefined, deviceMemoryGiB = 8): GpuBudget {
  if (!gpu?.available) return { totalBytes: WASM_BYTES, maxTensorBytes: WASM_BYTES, basis: 'wasm' };
  const maxTensorBytes = Math.min(gpu.limits.maxBufferSize, gpu.limits.maxStorageBufferBindingSize);
  const basis = adapterKind(gpu.adapter);
  const GIB_BY_KIND: Record<Exclude<BudgetBasis, 'wasm' | 'user'>, number> = {
    fallback: 2,
    unified: 0.75 * deviceMemoryGiB,
    integrated: 0.5 * deviceMemoryGiB,
    discrete: 8,
    unknown: 4,
  };
  return { totalBytes: GIB_BY_KIND[basis] * GiB, maxTensorBytes, basis };
}

function adapterKind(a: { vendor: string; architecture: string; description: string; isFallbackAdapter: boolean }): Exclude<BudgetBasis, 'wasm' | 'user'> {
  if (a.isFallbackAdapter) return 'fallback';
  const text = `${a.vendor} ${a.architecture} ${a.description}`.toLowerCase();
  if (text.includes('apple')) return 'unified';
  // Intel Arc (xe-hpg) is a discrete card; other Intel GPUs share the system memory.
  if (text.includes('intel')) return /xe-hpg|\barc\b/.test(text) ? 'discrete' : 'integrated';
  if (/\b(arm|qualcomm|mali|adreno|imagination|powervr)\b/.test(text)) return 'integrated';
  if (/\b(nvidia|amd|ati)\b/.test(text)) return 'discrete';
  return 'unknown';
}

/** The budget with the user's "GPU memory" setting (GiB) in place of the guess, when they set one. */
export function withUserMemory(budget: GpuBudget, userGiB: number | undefined): GpuBudget {
  return userGiB !== undefined && Number.isFinite(userGiB) && userGiB > 0 ? { ...budget, totalBytes: userGiB * GiB, basis: 'user' } : budget;
}

export type Fit = 'fits' | 'too-much-memory' | 'tensor-too-large';

/** Whether it fits; a run over the total budget is told so first, as that is the limit people know. */
export function fitOf(e: MemoryEstimate, budget: GpuBudget): Fit {
  if (e.totalBytes > budget.totalBytes) return 'too-much-memory';
  return e.largestTensorBytes > budget.maxTensorBytes ? 'tensor-too-large' : 'fits';
}

export interface Preflight {
  readonly estimate: MemoryEstimate;
  readonly fit: Fit;
  /** When it does not fit: the nearest smaller setting that does (undefined when none does). */
  readonly suggestion?: { readonly resolution: number; readonly numFrames: number };
}

/** The estimate, whether it fits, and what to use instead; undefined when the settings are not numbers yet. */
export function preflight(model: ModelMemory, s: SizeSettings, budget: GpuBudget): Preflight | undefined {
  const estimate = estimateRunMemory(model, s);
  if (!estimate) return undefined;
  const fit = fitOf(estimate, budget);
  if (fit === 'fits') return { estimate, fit };
  const suggestion = nearestFit(model, s, budget);
  return suggestion ? { estimate, fit, suggestion } : { estimate, fit };
}

/**
 * Lower the resolution first (through the offered sizes, not below the smallest), then the frames; last, for a model
 * small enough to run it, the demo size (a VAE with a small factor can need gigabytes of attention scores at 256p,
 * and the frames do not change that).
 */
export function nearestFit(model: ModelMemory, s: SizeSettings, budget: GpuBudget): { resolution: number; numFrames: number } | undefined {
  const fits = (resolution: number, numFrames: number) => {
    const e = estimateRunMemory(model, { ...s, resolution, numFrames });
    return e !== undefined && fitOf(e, budget) === 'fits';
  };
  const fewerFrames = (resolution: number) => {
    for (let numFrames = s.numFrames - 1; numFrames >= LIMITS.numFrames.min; numFrames--) {
      if (fits(resolution, numFrames)) return { resolution, numFrames };
    }
    return undefined;
  };
  const lower = RESOLUTIONS.filter((r) => r < s.resolution).reverse();
  for (const resolution of lower) if (fits(resolution, s.numFrames)) return { resolution, numFrames: s.numFrames };
  const found = fewerFrames(Math.min(s.resolution, RESOLUTIONS[0]));
  if (found || s.resolution <= DEMO_RESOLUTION || !runsDemoSize(model)) return found;
  return fits(DEMO_RESOLUTION, s.numFrames) ? { resolution: DEMO_RESOLUTION, numFrames: s.numFrames } : fewerFrames(DEMO_RESOLUTION);
}

/** Whether the UNet's deepest level still has a latent pixel per halving at the demo size (the real model's does not). */
function runsDemoSize(model: ModelMemory): boolean {
  return DEMO_RESOLUTION / model.vaeScaleFactor >= 2 ** (model.unet.blockOutChannels.length - 1);
}
