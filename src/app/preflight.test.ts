// The memory pre-flight: the demo model's quick run fits anywhere and its larger runs match what the wasm backend
// could and could not run; the real model's standard run fits a discrete GPU but not a 4 GiB budget, where the
// nearest fitting setting lowers the resolution first and then the frames; a tensor larger than the adapter's buffer
// limit is refused even when the total fits; budgets follow the adapter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelConfig } from '../graph/config.ts';
import { readUNetConfig } from '../graph/models/unet/config.ts';
import { estimateUNetMemory } from '../graph/models/unet/memory.ts';
import type { GpuReport } from '../protocol/gpu.ts';
import type { BundleManifest } from '../store/bundle/manifest.ts';
import { defaultBudget, estimateRunMemory, fitOf, GiB, type GpuBudget, modelMemory, nearestFit, preflight, withUserMemory } from './preflight.ts';
import { applyPreset, DEFAULT_SETTINGS } from './settings.ts';

const root = join(import.meta.dirname, '../..');
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
const tiny = modelMemory(json('public/models/tiny/manifest.json') as unknown as BundleManifest)!;

const file = (path: string, bytes: number) => ({ path, bytes, sha256: '', chunks: [] });
/** A q4f16 bundle of the real model: the real configs, file sizes of the order a conversion gives. */
const realManifest = {
  precision: 'q4f16',
  graphs: {
    unet: { model: 'unet.onnx', externalData: ['unet.onnx.data'] },
    text_encoder: { model: 'text_encoder.onnx', externalData: [] },
    vae_decoder: { model: 'vae_decoder.onnx', externalData: [] },
  },
  configs: { unet: json('src/cli/configs/i2vgen-xl/unet.json'), vae: json('src/cli/configs/i2vgen-xl/vae.json') },
  files: [file('unet.onnx', 0.01 * GiB), file('unet.onnx.data', 0.76 * GiB), file('text_encoder.onnx', 0.2 * GiB), file('vae_decoder.onnx', 0.1 * GiB), file('tokenizer.json', 2e6)],
} as unknown as BundleManifest;
const real = modelMemory(realManifest)!;

const discrete: GpuReport = {
  available: true,
  adapter: { vendor: 'nvidia', architecture: 'ampere', description: '', isFallbackAdapter: false },
  features: [],
  hasShaderF16: true,
  limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB, maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 1024 },
};
const budget = (totalGiB: number, maxTensorGiB = 2): GpuBudget => ({ totalBytes: totalGiB * GiB, maxTensorBytes: maxTensorGiB * GiB, basis: 'user' });
const standard = applyPreset(DEFAULT_SETTINGS, 'standard');

describe('modelMemory', () => {
  it('counts the graph files of the manifest (not the tokenizer) and reads the UNet and VAE configs', () => {
    expect(real.weightBytes).toBeCloseTo(1.07 * GiB, -3);
    expect([real.floatBytes, real.vaeScaleFactor, real.unet.blockOutChannels]).toEqual([2, 8, [320, 640, 1280, 1280]]);
    expect([tiny.floatBytes, tiny.vaeScaleFactor]).toEqual([4, 2]);
  });

  it('is undefined for a manifest without the UNet config', () => {
    expect(modelMemory({ ...realManifest, configs: { vae: realManifest.configs.vae } })).toBeUndefined();
  });
});

describe('estimateRunMemory', () => {
  it('uses the UNet memory model: the same activations as estimateUNetMemory for the standard run', () => {
    const cfg = readUNetConfig(new ModelConfig('unet.json', json('src/cli/configs/i2vgen-xl/unet.json')));
    const reference = estimateUNetMemory(cfg, { precision: 'q4f16', latentHeight: 64, latentWidth: 64, frames: 16, batch: 2 });
    const e = estimateRunMemory(real, standard)!;
    expect(e.activationBytes).toBe(reference.skipBytes + reference.transientBytes);
    expect(e.totalBytes / GiB).toBeGreaterThan(3.5);
    expect(e.totalBytes / GiB).toBeLessThan(6);
  });

  it('grows with resolution, aspect and frames', () => {
    const base = estimateRunMemory(real, standard)!.totalBytes;
    expect(estimateRunMemory(real, { ...standard, aspect: '16:9' })!.totalBytes).toBeGreaterThan(base);
    expect(estimateRunMemory(real, { ...standard, resolution: 768 })!.totalBytes).toBeGreaterThan(base);
    expect(estimateRunMemory(real, { ...standard, numFrames: 24 })!.totalBytes).toBeGreaterThan(base);
  });

  it('is undefined while a size is not a number (a cleared field)', () => {
    expect(estimateRunMemory(real, { ...standard, resolution: Number.NaN })).toBeUndefined();
    expect(estimateRunMemory(real, { ...standard, numFrames: Number.NaN })).toBeUndefined();
  });
});

describe('preflight', () => {
  it('the demo model at the quick preset needs a few MiB and fits even a software adapter', () => {
    const quick = applyPreset(DEFAULT_SETTINGS, 'quick');
    const p = preflight(tiny, quick, defaultBudget({ ...discrete, adapter: { ...discrete.adapter, isFallbackAdapter: true } }))!;
    expect(p.fit).toBe('fits');
    expect(p.estimate.totalBytes).toBeLessThan(64 * 2 ** 20);
    expect(preflight(tiny, quick, defaultBudget(undefined))!.fit).toBe('fits');
  });

  it('the demo model on wasm (4 GiB) agrees with what Chromium ran: 256p × 6 frames ran, 256p × 8 and 320p × 2 ran out of memory', () => {
    // Measured on the wasm backend (one step each): 256p with 6 frames finished; 256p with 8 frames (the UNet's
    // self-attention) and 320p with 2 frames (the VAE's 25600 × 25600 attention scores) failed with bad_alloc.
    const wasm = defaultBudget(undefined);
    const fit = (resolution: number, numFrames: number) => preflight(tiny, { resolution, aspect: '1:1', numFrames }, wasm)!.fit;
    expect([fit(256, 6), fit(256, 8), fit(320, 2)]).toEqual(['fits', 'too-much-memory', 'too-much-memory']);
    expect(estimateRunMemory(tiny, { resolution: 320, aspect: '1:1', numFrames: 2 })!.largestTensorBytes).toBe(25600 ** 2 * 4);
  });

  it('the demo model at the fast preset on a software adapter (2 GiB) is offered the 32 px quick size, not a dead end', () => {
    const fallback = defaultBudget({ ...discrete, adapter: { ...discrete.adapter, isFallbackAdapter: true } });
    const p = preflight(tiny, applyPreset(DEFAULT_SETTINGS, 'fast'), fallback)!;
    expect(p.fit).toBe('too-much-memory');
    expect(p.suggestion).toEqual({ resolution: 32, numFrames: 8 });
  });

  it('the real standard run fits 8 GiB; on 4 GiB it offers a lower resolution with the same frames', () => {
    expect(preflight(real, standard, budget(8))!.fit).toBe('fits');
    const p = preflight(real, standard, budget(4))!;
    expect(p.fit).toBe('too-much-memory');
    expect(p.suggestion).toBeDefined();
    expect(p.suggestion!.numFrames).toBe(16);
    expect(p.suggestion!.resolution).toBeLessThan(512);
    // The suggestion is the largest offered resolution that fits.
    expect(fitOf(estimateRunMemory(real, { ...standard, ...p.suggestion! })!, budget(4))).toBe('fits');
    expect(fitOf(estimateRunMemory(real, { ...standard, resolution: p.suggestion!.resolution + 64 })!, budget(4))).toBe('too-much-memory');
  });

  it('lowers the frames once the smallest resolution is not enough', () => {
    const high = { ...applyPreset(DEFAULT_SETTINGS, 'high'), numFrames: 32 };
    const small = budget(1.6);
    const s = nearestFit(real, high, small)!;
    expect(s.resolution).toBe(256);
    expect(s.numFrames).toBeLessThan(32);
    expect(fitOf(estimateRunMemory(real, { ...high, ...s })!, small)).toBe('fits');
  });

  it('has no suggestion when not even the smallest run fits (the real model is never offered the demo size)', () => {
    expect(preflight(real, standard, budget(0.5))!.suggestion).toBeUndefined();
  });

  it('refuses a single tensor larger than the adapter allows even when the total fits', () => {
    const big = { ...standard, resolution: 1024, numFrames: 32 };
    const e = estimateRunMemory(real, big)!;
    expect(e.largestTensorBytes).toBeGreaterThan(0.25 * GiB);
    expect(fitOf(e, { totalBytes: 1000 * GiB, maxTensorBytes: 0.25 * GiB, basis: 'user' })).toBe('tensor-too-large');
  });
});

describe('budgets', () => {
  it('follow the adapter: wasm 4 GiB, software 2 GiB, discrete 8 GiB, integrated half the device memory', () => {
    const gib = (r: GpuReport | undefined, mem?: number) => defaultBudget(r, mem).totalBytes / GiB;
    expect(gib(undefined)).toBe(4);
    expect(gib({ available: false, reason: 'no-adapter' })).toBe(4);
    expect(gib({ ...discrete, adapter: { ...discrete.adapter, isFallbackAdapter: true } })).toBe(2);
    expect(gib(discrete)).toBe(8);
    expect(gib({ ...discrete, adapter: { ...discrete.adapter, vendor: 'intel', architecture: 'gen-12lp' } }, 8)).toBe(4);
    expect(gib({ ...discrete, adapter: { ...discrete.adapter, vendor: 'intel', architecture: 'xe-hpg' } })).toBe(8);
    expect(gib({ ...discrete, adapter: { ...discrete.adapter, vendor: 'apple', architecture: 'metal-3' } }, 8)).toBe(6);
    expect(defaultBudget(discrete).maxTensorBytes).toBe(2 * GiB);
  });

  it('the user setting replaces the guess; an empty or bad setting keeps it', () => {
    expect(withUserMemory(defaultBudget(discrete), 12)).toMatchObject({ totalBytes: 12 * GiB, basis: 'user' });
    expect(withUserMemory(defaultBudget(discrete), Number.NaN).basis).toBe('discrete');
    expect(withUserMemory(defaultBudget(discrete), undefined).basis).toBe('discrete');
  });
});
