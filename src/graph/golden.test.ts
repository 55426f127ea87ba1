// The fp32 graphs built from the diffusers fixture equal diffusers' golden outputs (onnxruntime-node), and the same
// graphs give the same numbers on onnxruntime-web's wasm backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInMemory } from '../testing/load-component.ts';
import { FIXTURE_DIR, goldenFloat32, goldenTolerance, maxAbsDiff } from '../testing/fixtures.ts';
import { GOLDEN_CASES } from '../testing/golden-cases.ts';
import { nodeFeeds, runNode } from '../testing/ort-node.ts';
import { runWasm } from '../testing/ort-web-node.ts';

let models: Record<string, Uint8Array> = {};

beforeAll(async () => {
  models = {
    ...(await buildInMemory(FIXTURE_DIR, 'text_encoder', 'fp32')),
    ...(await buildInMemory(FIXTURE_DIR, 'image_encoder', 'fp32')),
    ...(await buildInMemory(FIXTURE_DIR, 'vae', 'fp32')),
  };
});

describe('fp32 graphs equal diffusers (onnxruntime-node)', () => {
  for (const c of GOLDEN_CASES) {
    it(`${c.graph} ${c.title}`, async () => {
      const result = await runNode(models[c.graph]!, c);
      for (const [output, goldenName] of Object.entries(c.outputs)) {
        const ref = goldenFloat32(goldenName);
        const got = result[output]!;
        expect(got.dims).toEqual(ref.shape);
        expect(maxAbsDiff(got.data as Float32Array, ref.data)).toBeLessThanOrEqual(goldenTolerance(ref.data));
      }
    });
  }
});

describe('the same graphs on onnxruntime-web (wasm backend in Node)', () => {
  for (const c of GOLDEN_CASES) {
    it(`${c.graph} ${c.title}`, async () => {
      const result = await runWasm(models[c.graph]!, nodeFeeds(c));
      for (const [output, goldenName] of Object.entries(c.outputs)) {
        const ref = goldenFloat32(goldenName);
        expect(result[output]!.dims).toEqual(ref.shape);
        expect(maxAbsDiff(result[output]!.data as Float32Array, ref.data)).toBeLessThanOrEqual(goldenTolerance(ref.data));
      }
    });
  }
});
