// fp16 and q4 graphs against the fp32 graph on the fixture inputs: measured error, bounded (measured values with
// about 2× headroom). The fixture's CLIP and VAE layers are all narrower than one 32-wide q4 block, so the policy
// keeps them float and q4f32/q4f16 equal fp32/fp16 here; 4-bit error is measured on the UNet fixture
// (unet.golden.test.ts) and at real size (npm run real-size).
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInMemory } from '../testing/load-component.ts';
import { FIXTURE_DIR, maxAbsDiff, meanAbs } from '../testing/fixtures.ts';
import { caseFor, GOLDEN_CASES } from '../testing/golden-cases.ts';
import { runNode } from '../testing/ort-node.ts';
import type { Precision } from './quant/precision.ts';

/** Allowed max |precision − fp32| / mean |fp32| per graph. */
const BOUNDS: Record<Exclude<Precision, 'fp32'>, Record<string, number>> = {
  fp16: { text_encoder: 0.01, image_encoder: 0.01, vae_encoder: 0.01, vae_decoder: 0.01 },
  q4f32: { text_encoder: 1e-6, image_encoder: 1e-6, vae_encoder: 1e-6, vae_decoder: 1e-6 },
  q4f16: { text_encoder: 0.01, image_encoder: 0.01, vae_encoder: 0.01, vae_decoder: 0.01 },
};

const built: Partial<Record<Precision, Record<string, Uint8Array>>> = {};

async function models(precision: Precision): Promise<Record<string, Uint8Array>> {
  return (built[precision] ??= {
    ...(await buildInMemory(FIXTURE_DIR, 'text_encoder', precision)),
    ...(await buildInMemory(FIXTURE_DIR, 'image_encoder', precision)),
    ...(await buildInMemory(FIXTURE_DIR, 'vae', precision)),
  });
}

async function run(model: Uint8Array, graph: string): Promise<Record<string, Float32Array>> {
  const c = caseFor(graph);
  const out = await runNode(model, c);
  const result: Record<string, Float32Array> = {};
  for (const k of Object.keys(c.outputs)) {
    expect(out[k]!.type).toBe('float32'); // I/O stays float32 in every precision
    result[k] = out[k]!.data as Float32Array;
  }
  return result;
}

beforeAll(async () => {
  await models('fp32');
});

describe.each(['fp16', 'q4f32', 'q4f16'] as const)('%s error against fp32 is bounded', (precision) => {
  for (const c of GOLDEN_CASES) {
    it(c.graph, async () => {
      const reference = await run((await models('fp32'))[c.graph]!, c.graph);
      const candidate = await run((await models(precision))[c.graph]!, c.graph);
      for (const output of Object.keys(c.outputs)) {
        const ref = reference[output]!;
        const relative = maxAbsDiff(candidate[output]!, ref) / meanAbs(ref);
        console.log(`[precision] ${precision} ${c.graph}.${output}: max|Δ|/mean|ref| = ${relative.toExponential(2)}`);
        expect(relative).toBeLessThanOrEqual(BOUNDS[precision][c.graph]!);
      }
    });
  }
});
