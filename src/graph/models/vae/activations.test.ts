// The VAE's memory model: for the real VAE (factor 8) the full-resolution ResNet sets the peak at the usual sizes;
// for a VAE with a small factor (the demo model's 2) the mid-block's [N, N] attention scores outgrow it quickly,
// and without the mid-block attention they are gone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelConfig } from '../../config.ts';
import { vaeActivations, vaeScaleFactor } from './activations.ts';
import { readVaeConfig } from './config.ts';

const root = join(import.meta.dirname, '../../../..');
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
const real = readVaeConfig(new ModelConfig('vae.json', json('src/cli/configs/i2vgen-xl/vae.json')));
const demo = readVaeConfig(new ModelConfig('manifest.json', (json('public/models/tiny/manifest.json').configs as Record<string, Record<string, unknown>>).vae!));

describe('VAE memory model', () => {
  it('real VAE at 512×512 fp32: the full-resolution ResNet (256 channels in, 128 out) is the peak', () => {
    expect(vaeScaleFactor(real)).toBe(8);
    const a = vaeActivations(real, { floatBytes: 4, width: 512, height: 512 });
    expect(a.peakLayer).toBe('decoder full-resolution resnet');
    expect(a.transientBytes).toBe(512 * 512 * (2 * 256 + 3 * 128) * 4);
    expect(a.largestTensorBytes).toBe(512 * 512 * 256 * 4);
  });

  it('real VAE at 1024p 16:9: the 128 × 228 latent positions give scores as large as the ResNet', () => {
    const a = vaeActivations(real, { floatBytes: 2, width: 1824, height: 1024 });
    const scores = (128 * 228) ** 2 * 2;
    expect(a.largestTensorBytes).toBe(scores);
    expect(a.transientBytes).toBeGreaterThanOrEqual(2 * scores);
  });

  it('demo VAE (factor 2) at 256×256: 16384 positions, so 1 GiB of fp32 scores, twice over', () => {
    expect(vaeScaleFactor(demo)).toBe(2);
    const a = vaeActivations(demo, { floatBytes: 4, width: 256, height: 256 });
    expect(a.peakLayer).toBe('mid-block self-attention');
    expect(a.largestTensorBytes).toBe(2 ** 30);
    expect(a.transientBytes).toBe((5 * 16384 * 32 + 2 * 16384 ** 2) * 4);
    // At the quick test's 32 px the scores are tiny.
    expect(vaeActivations(demo, { floatBytes: 4, width: 32, height: 32 }).largestTensorBytes).toBeLessThan(2 ** 20);
  });

  it('without the mid-block attention there are no scores', () => {
    const a = vaeActivations({ ...demo, midBlockAttention: false }, { floatBytes: 4, width: 256, height: 256 });
    expect(a.peakLayer).toBe('decoder full-resolution resnet');
    expect(a.largestTensorBytes).toBe(256 * 256 * 32 * 4);
  });
});
