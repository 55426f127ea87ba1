// The memory model: the real I2VGen-XL UNet at 512×512 / 16 frames / batch 2 fits 6 GiB in fp16 and q4f16 with
// chunked attention (and would not with the whole score matrix), and estimates grow with what the user chooses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelConfig } from '../../config.ts';
import { readUNetConfig } from './config.ts';
import { estimateUNetMemory } from './memory.ts';

const path = join(import.meta.dirname, '../../../cli/configs/i2vgen-xl/unet.json');
const real = readUNetConfig(new ModelConfig(path, JSON.parse(readFileSync(path, 'utf8'))));
const GiB = 2 ** 30;
const standard = { latentHeight: 64, latentWidth: 64, frames: 16, batch: 2 } as const;

describe('UNet memory model (real config)', () => {
  it.each(['fp16', 'q4f16'] as const)('512×512, 16 frames, batch 2 in %s stays under 6 GiB with chunked attention', (precision) => {
    const e = estimateUNetMemory(real, { ...standard, precision });
    console.log(
      `[memory] ${precision} 512²/16f/b2: weights ${(e.weightBytes / GiB).toFixed(2)} GiB + skips ${(e.skipBytes / GiB).toFixed(2)} GiB + peak layer (${e.peakLayer}) ${(e.transientBytes / GiB).toFixed(2)} GiB → ${(e.totalBytes / GiB).toFixed(2)} GiB`,
    );
    expect(e.totalBytes).toBeLessThan(6 * GiB);
  });

  it('the whole score matrix (one chunk) would not fit: chunking is what makes it fit', () => {
    const whole = estimateUNetMemory(real, { ...standard, precision: 'fp16', attention: { mode: 'chunked', queryChunks: 1 } });
    expect(whole.totalBytes).toBeGreaterThan(6 * GiB);
    expect(whole.peakLayer).toMatch(/self-attention/);
  });

  it('grows with resolution and frames, and q4 weights are smaller', () => {
    const base = estimateUNetMemory(real, { ...standard, precision: 'q4f16' });
    expect(estimateUNetMemory(real, { ...standard, frames: 24, precision: 'q4f16' }).totalBytes).toBeGreaterThan(base.totalBytes);
    expect(estimateUNetMemory(real, { ...standard, latentHeight: 96, latentWidth: 96, precision: 'q4f16' }).totalBytes).toBeGreaterThan(base.totalBytes);
    // Linear and body-convolution weights go 4-bit (conv_in/conv_out, norms and biases stay fp16).
    expect(base.weightBytes).toBeLessThan(0.35 * estimateUNetMemory(real, { ...standard, precision: 'fp16' }).weightBytes);
  });
});
