// The 4-bit layout we write is the one MatMulNBits reads: a MatMulNBits node equals x·dequantize(W)ᵀ exactly, and
// the quantization rule keeps each weight within half a step of its block's scale.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../builder.ts';
import { emitModel } from '../onnx/emit.ts';
import { DEFAULT_POLICY, Q4_BLOCK_SIZE } from './policy.ts';
import { dequantizeQ4, quantizeQ4 } from './q4.ts';

function seeded(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

describe('q4 block quantization', () => {
  it('keeps every weight within half a quantization step', () => {
    const n = 8;
    const k = 80; // not a multiple of the block: the last block is padded
    const w = seeded(n * k, 1);
    const q = quantizeQ4(w, n, k);
    const back = dequantizeQ4(q);
    for (let row = 0; row < n; row++) {
      for (let i = 0; i < k; i++) {
        const scale = q.scales[row * q.blocks + Math.floor(i / Q4_BLOCK_SIZE)]!;
        expect(Math.abs(back[row * k + i]! - w[row * k + i]!)).toBeLessThanOrEqual(scale / 2 + 1e-7);
      }
    }
  });

  it('represents zero exactly (blocks of zeros and padding stay zero)', () => {
    const w = new Float32Array(2 * 40);
    w.set(seeded(40, 2), 0);
    const back = dequantizeQ4(quantizeQ4(w, 2, 40));
    expect(Array.from(back.subarray(40))).toEqual(new Array(40).fill(0));
  });

  it.each([
    [5, 72, 24],
    [4, 1024, 48], // the real text encoder's width: 32 blocks per row
  ])('MatMulNBits in onnxruntime reads the layout we write (M=%i, K=%i, N=%i)', async (m, k, n) => {
    const w = seeded(n * k, 3);
    const q = quantizeQ4(w, n, k);
    const g = new GraphBuilder({ name: 'q4', precision: 'q4f32', policy: DEFAULT_POLICY, component: 'test' });
    const x = g.input('x', 'float32', [m, k]);
    const b = g.initializer({ name: 'b', dtype: 'uint8', dims: [n, q.blocks, Q4_BLOCK_SIZE / 2], data: () => q.packed });
    const s = g.initializer({ name: 's', dtype: 'float32', dims: [n * q.blocks], data: () => new Uint8Array(q.scales.buffer) });
    const z = g.initializer({ name: 'z', dtype: 'uint8', dims: [q.zeroPoints.length], data: () => q.zeroPoints });
    const y = g.op('MatMulNBits', [x, b, s, z], 'mm', { K: k, N: n, bits: 4, block_size: Q4_BLOCK_SIZE });
    g.output('y', y, [m, n]);
    const session = await ort.InferenceSession.create(await emitModel(g), { graphOptimizationLevel: 'disabled' });
    const xs = seeded(m * k, 4);
    const out = (await session.run({ x: new ort.Tensor('float32', xs, [m, k]) })).y!.data as Float32Array;
    const deq = dequantizeQ4(q);
    let maxErr = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let t = 0; t < k; t++) acc += xs[i * k + t]! * deq[j * k + t]!;
        maxErr = Math.max(maxErr, Math.abs(acc - out[i * n + j]!));
      }
    }
    expect(maxErr).toBeLessThan(1e-5 * Math.sqrt(k));
  });
});

describe('quantization policy', () => {
  it('keeps Linear layers narrower than one block float (and the VAE), quantizes the rest', async () => {
    const { weightFormat, DEFAULT_POLICY: policy } = await import('./policy.ts');
    // The real UNet's image_latents_temporal_encoder: to_q K=4 → N=8, to_out K=8 → N=4.
    expect(weightFormat(policy, 'unet', 'image_latents_temporal_encoder.attn1.to_q.weight', 4)).toBe('float');
    expect(weightFormat(policy, 'unet', 'image_latents_temporal_encoder.attn1.to_out.0.weight', 8)).toBe('float');
    expect(weightFormat(policy, 'unet', 'down_blocks.0.attentions.0.proj_in.weight', 320)).toBe('q4');
    expect(weightFormat(policy, 'text_encoder', 'text_model.encoder.layers.0.mlp.fc1.weight', 1024)).toBe('q4');
    expect(weightFormat(policy, 'vae', 'encoder.mid_block.attentions.0.to_q.weight', 512)).toBe('float');
    expect(weightFormat(policy, 'image_encoder', 'visual_projection.weight', 1280)).toBe('float');
    expect(weightFormat(policy, 'unet', 'up_blocks.0.resnets.0.conv1.weight', 2560 * 9, 'conv')).toBe('q4');
    expect(weightFormat(policy, 'unet', 'conv_in.weight', 8 * 9, 'conv')).toBe('float');
    expect(weightFormat(policy, 'vae', 'decoder.up_blocks.0.resnets.0.conv1.weight', 512 * 9, 'conv')).toBe('float');
  });
});

describe('4-bit convolution weights (DequantizeLinear-21 layout)', () => {
  it('a q4 Conv equals a float Conv with the dequantized weights (onnxruntime-node)', async () => {
    const { conv2d } = await import('../ops/conv.ts');
    const { WeightScope, WeightUsage } = await import('../scope.ts');
    const [o, i] = [24, 12]; // K = 12·9 = 108: three full blocks and a short one
    const w = seeded(o * i * 9, 5);
    const deq = dequantizeQ4(quantizeQ4(w, o, i * 9));
    const source = (values: Float32Array) => ({
      name: 'weights',
      keys: () => ['down_blocks.0.resnets.0.conv1.weight', 'down_blocks.0.resnets.0.conv1.bias'],
      meta: (key: string) => ({ dtype: 'F32', shape: key.endsWith('weight') ? [o, i, 3, 3] : [o] }),
      readFloat32: async (key: string) => (key.endsWith('weight') ? values : new Float32Array(o).fill(0.1)),
    });
    const build = async (precision: 'q4f32' | 'fp32', values: Float32Array) => {
      const g = new GraphBuilder({ name: 'c', precision, policy: DEFAULT_POLICY, component: 'unet' });
      const p = WeightScope.root(g, new WeightUsage(source(values)), 'down_blocks.0.resnets.0.conv1');
      g.output('y', conv2d(p, g.input('x', 'float32', [1, i, 8, 8]), i, o, { kernel: [3, 3], pads: [1, 1, 1, 1] }), [1, o, 8, 8]);
      return ort.InferenceSession.create(await emitModel(g));
    };
    const q4 = await build('q4f32', w);
    const reference = await build('fp32', deq);
    const x = new ort.Tensor('float32', seeded(i * 64, 6), [1, i, 8, 8]);
    const a = (await q4.run({ x })).y!.data as Float32Array;
    const b = (await reference.run({ x })).y!.data as Float32Array;
    let max = 0;
    for (let j = 0; j < a.length; j++) max = Math.max(max, Math.abs(a[j]! - b[j]!));
    expect(max).toBeLessThan(1e-5);
  });
});
