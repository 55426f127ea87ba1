// The fp32 graphs built from the diffusers fixture equal diffusers' golden outputs (onnxruntime-node), and the same
// graphs give the same numbers on onnxruntime-web's wasm backend.
import * as ortNode from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInMemory } from '../testing/load-component.ts';
import { FIXTURE_DIR, goldenFloat32, goldenInt64, goldenTolerance, maxAbsDiff } from '../testing/fixtures.ts';
import { GOLDEN_CASES, type GraphCase } from '../testing/golden-cases.ts';
import { runWasm } from '../testing/ort-web-node.ts';

let models: Record<string, Uint8Array> = {};

beforeAll(async () => {
  models = {
    ...(await buildInMemory(FIXTURE_DIR, 'text_encoder', 'fp32')),
    ...(await buildInMemory(FIXTURE_DIR, 'image_encoder', 'fp32')),
    ...(await buildInMemory(FIXTURE_DIR, 'vae', 'fp32')),
  };
});

function feeds(c: GraphCase): Record<string, ortNode.Tensor> {
  const out: Record<string, ortNode.Tensor> = {};
  for (const [name, golden] of Object.entries(c.inputs)) {
    out[name] =
      golden.dtype === 'int64'
        ? new ortNode.Tensor('int64', goldenInt64(golden.name).data, goldenInt64(golden.name).shape)
        : new ortNode.Tensor('float32', goldenFloat32(golden.name).data, goldenFloat32(golden.name).shape);
  }
  return out;
}

describe('fp32 graphs equal diffusers (onnxruntime-node)', () => {
  for (const c of GOLDEN_CASES) {
    it(`${c.graph} ${c.title}`, async () => {
      const session = await ortNode.InferenceSession.create(models[c.graph]!);
      const result = await session.run(feeds(c));
      for (const [output, goldenName] of Object.entries(c.outputs)) {
        const ref = goldenFloat32(goldenName);
        const got = result[output]!;
        expect(got.dims).toEqual(ref.shape);
        expect(maxAbsDiff(got.data as Float32Array, ref.data)).toBeLessThanOrEqual(goldenTolerance(ref.data));
      }
      await session.release();
    });
  }
});

describe('the same graphs on onnxruntime-web (wasm backend in Node)', () => {
  for (const c of GOLDEN_CASES) {
    it(`${c.graph} ${c.title}`, async () => {
      const result = await runWasm(models[c.graph]!, feeds(c));
      for (const [output, goldenName] of Object.entries(c.outputs)) {
        const ref = goldenFloat32(goldenName);
        expect(result[output]!.dims).toEqual(ref.shape);
        expect(maxAbsDiff(result[output]!.data as Float32Array, ref.data)).toBeLessThanOrEqual(goldenTolerance(ref.data));
      }
    });
  }
});
