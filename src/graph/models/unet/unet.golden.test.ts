// The UNet built from the diffusers fixture equals diffusers: the output and every per-module intermediate the
// goldens record (so a mismatch names the module), in each attention lowering, on onnxruntime-node; and the same
// graph on onnxruntime-web's wasm backend.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, goldenFloat32, goldenTolerance, maxAbsDiff, meanAbs } from '../../../testing/fixtures.ts';
import { toNodeFeeds } from '../../../testing/ort-node.ts';
import { buildInMemory } from '../../../testing/load-component.ts';
import { runWasm } from '../../../testing/ort-web-node.ts';
import { UNET_GOLDEN_OUTPUTS, unetGoldenInputs } from '../../../testing/unet-case.ts';
import type { AttentionLowering } from '../../builder.ts';

const feeds = () => toNodeFeeds(unetGoldenInputs());

const lowerings: [string, AttentionLowering][] = [
  ['plain attention', { mode: 'chunked', queryChunks: 1 }],
  ['queries in 16 chunks (the default)', { mode: 'chunked', queryChunks: 16 }],
  ['queries in 7 uneven chunks', { mode: 'chunked', queryChunks: 7 }],
  ['com.microsoft MultiHeadAttention', { mode: 'mha' }],
];

describe('fp32 UNet equals diffusers (onnxruntime-node)', () => {
  it.each(lowerings)('%s: noise_pred and every intermediate', async (_, attention) => {
    const { unet } = await buildInMemory(FIXTURE_DIR, 'unet', 'fp32', { attention, intermediates: true });
    const session = await ort.InferenceSession.create(unet!);
    const out = await session.run(feeds());
    await session.release();
    for (const [output, golden] of Object.entries(UNET_GOLDEN_OUTPUTS)) {
      const ref = goldenFloat32(golden);
      expect(out[output]?.dims, output).toEqual(ref.shape);
      const err = maxAbsDiff(out[output]!.data as Float32Array, ref.data);
      expect(err, `${output}: max abs error ${err}`).toBeLessThanOrEqual(goldenTolerance(ref.data));
    }
  });
});

it('the same UNet gives the golden output on onnxruntime-web (wasm backend)', async () => {
  const { unet } = await buildInMemory(FIXTURE_DIR, 'unet', 'fp32');
  const out = await runWasm(unet!, feeds());
  const ref = goldenFloat32('unet/out_sample');
  expect(out.noise_pred!.dims).toEqual(ref.shape);
  expect(maxAbsDiff(out.noise_pred!.data as Float32Array, ref.data)).toBeLessThanOrEqual(goldenTolerance(ref.data));
});

describe('UNet precisions against fp32 (tiny fixture)', () => {
  // Measured on the fixture (0.0057, 0.600, 0.593) with ~2× headroom: the body convolutions and the few Linear
  // layers at least one block wide are 4-bit; random tiny weights quantize badly.
  const bounds = { fp16: 0.01, q4f32: 1.2, q4f16: 1.2 } as const;
  it.each(Object.entries(bounds))('%s: max|Δ| / mean|fp32| is bounded', async (precision, bound) => {
    const run = async (p: string) => {
      const { unet } = await buildInMemory(FIXTURE_DIR, 'unet', p as 'fp32');
      const session = await ort.InferenceSession.create(unet!);
      const out = (await session.run(feeds())).noise_pred!;
      await session.release();
      expect(out.type).toBe('float32');
      return out.data as Float32Array;
    };
    const ref = await run('fp32');
    const got = await run(precision);
    const relative = maxAbsDiff(got, ref) / meanAbs(ref);
    console.log(`[precision] ${precision} unet.noise_pred: max|Δ|/mean|ref| = ${relative.toExponential(2)}`);
    expect(relative).toBeLessThanOrEqual(bound);
  });
});
