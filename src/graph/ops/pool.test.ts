// AdaptiveAvgPool2d lowered to bin matrices equals PyTorch's overlapping-bin definition for sizes that are not
// multiples of the output (e.g. the 64×112 latent of a 512×896 video) and sizes smaller than it.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../builder.ts';
import { emitModel } from '../onnx/emit.ts';
import { DEFAULT_POLICY } from '../quant/policy.ts';
import { WeightScope, WeightUsage } from '../scope.ts';
import { SyntheticWeights } from '../synthetic.ts';
import { adaptiveAvgPool2d } from './pool.ts';

/** torch.nn.AdaptiveAvgPool2d semantics, computed directly. */
function reference(x: Float32Array, n: number, h: number, w: number, oh: number, ow: number): Float32Array {
  const out = new Float32Array(n * oh * ow);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < oh; i++) {
      const h0 = Math.floor((i * h) / oh);
      const h1 = Math.ceil(((i + 1) * h) / oh);
      for (let j = 0; j < ow; j++) {
        const w0 = Math.floor((j * w) / ow);
        const w1 = Math.ceil(((j + 1) * w) / ow);
        let s = 0;
        for (let y = h0; y < h1; y++) for (let z = w0; z < w1; z++) s += x[c * h * w + y * w + z]!;
        out[c * oh * ow + i * ow + j] = s / ((h1 - h0) * (w1 - w0));
      }
    }
  }
  return out;
}

async function poolModel(precision: 'fp32' | 'fp16'): Promise<Uint8Array> {
  const g = new GraphBuilder({ name: 'pool', precision, policy: DEFAULT_POLICY, component: 'test' });
  const p = WeightScope.root(g, new WeightUsage(new SyntheticWeights('none', 0)), 'pool');
  const x = g.input('x', 'float32', [1, 2, 'h', 'w']);
  const y = adaptiveAvgPool2d(p, x, 32, 32);
  g.output('y', y, [1, 2, 32, 32]);
  return emitModel(g);
}

describe('adaptiveAvgPool2d', () => {
  it.each([
    [64, 112],
    [40, 24],
    [32, 32],
    [96, 160],
    [17, 45],
  ])('matches PyTorch bins for a %i×%i input', async (h, w) => {
    const session = await ort.InferenceSession.create(await poolModel('fp32'));
    const x = Float32Array.from({ length: 2 * h * w }, (_, i) => Math.sin(i * 0.7) + (i % 5));
    const y = (await session.run({ x: new ort.Tensor('float32', x, [1, 2, h, w]) })).y!.data as Float32Array;
    const ref = reference(x, 2, h, w, 32, 32);
    let max = 0;
    for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i]! - y[i]!));
    expect(max).toBeLessThan(1e-5);
  });
});
