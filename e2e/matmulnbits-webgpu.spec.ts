// Linear shapes the q4 policy quantizes (K ≥ 32; quant/policy.ts keeps K < 32 float after K=4/N=8 and K=8/N=4 came
// out wrong): MatMulNBits on onnxruntime-web's WebGPU EP equals onnxruntime-node on the same model.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { GraphBuilder } from '../src/graph/builder.ts';
import { emitModel } from '../src/graph/onnx/emit.ts';
import { DEFAULT_POLICY } from '../src/graph/quant/policy.ts';
import { WeightScope, WeightUsage } from '../src/graph/scope.ts';
import { SyntheticWeights } from '../src/graph/synthetic.ts';
import { linear } from '../src/graph/ops/linear.ts';
import { maxAbsDiff } from '../src/testing/fixtures.ts';
import { startStaticServer } from './support/static-server.ts';
import { expect, test } from './fixtures.ts';

const ortDist = path.join(import.meta.dirname, '..', 'node_modules', 'onnxruntime-web', 'dist');
const cases: [string, number[], number, number][] = [
  ['k32n4', [6, 64, 32], 32, 4],
  ['k32n8', [6, 64, 32], 32, 8],
  ['k32n12', [6, 64, 32], 32, 12],
  ['k32n16', [6, 64, 32], 32, 16],
  ['k32n40', [6, 64, 32], 32, 40],
  ['k64n4', [6, 64, 64], 64, 4],
  ['k64n8', [6, 64, 64], 64, 8],
  ['k64n12', [6, 64, 64], 64, 12],
  ['k64n16', [6, 64, 64], 64, 16],
  ['k64n40', [6, 64, 64], 64, 40],
  ['k72n4', [6, 64, 72], 72, 4],
  ['k72n8', [6, 64, 72], 72, 8],
  ['k72n12', [6, 64, 72], 72, 12],
  ['k72n16', [6, 64, 72], 72, 16],
  ['k72n40', [6, 64, 72], 72, 40],
  ['k96n4', [6, 64, 96], 96, 4],
  ['k96n8', [6, 64, 96], 96, 8],
  ['k96n12', [6, 64, 96], 96, 12],
  ['k96n16', [6, 64, 96], 96, 16],
  ['k96n40', [6, 64, 96], 96, 40],
  ['k32n8-batched-m3', [512, 3, 32], 32, 8],
  ['k64n128-m1', [2, 1, 64], 64, 128],
];
test('MatMulNBits on WebGPU equals onnxruntime-node for every Linear shape class the q4 policy quantizes', async ({ page }) => {
  test.setTimeout(300000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mm-'));
  const expected: Record<string, Float32Array> = {};
  const inputs: Record<string, number[]> = {};
  for (const [name, shape, k, n] of cases) {
    const g = new GraphBuilder({ name, precision: 'q4f32', policy: DEFAULT_POLICY, component: 'unet' });
    const p = WeightScope.root(g, new WeightUsage(new SyntheticWeights('synthetic', 3)), 'layer');
    const x = g.input('x', 'float32', shape);
    g.output('y', linear(p, x, k, n, false), [...shape.slice(0, -1), n]);
    const model = await emitModel(g);
    await writeFile(path.join(dir, `${name}.onnx`), model);
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.37));
    inputs[name] = Array.from(data);
    const s = await ortNode.InferenceSession.create(model);
    expected[name] = (await s.run({ x: new ortNode.Tensor('float32', data, shape) })).y!.data as Float32Array;
  }
  const server = await startStaticServer({ mounts: { '/ort/': ortDist, '/m/': dir }, pages: { '/': '<!doctype html><p>x</p>' } });
  await page.goto(server.url);
  const results = await page.evaluate(async ([cs, ins]) => {
    const ort = await import('/ort/ort.webgpu.min.mjs' as string);
    const out: Record<string, number[]> = {};
    for (const [name, shape] of cs as unknown as [string, number[]][]) {
      const s = await ort.InferenceSession.create(`/m/${name}.onnx`, { executionProviders: ['webgpu'] });
      const r = await s.run({ x: new ort.Tensor('float32', Float32Array.from((ins as Record<string, number[]>)[name]!), shape) });
      out[name] = Array.from(await r.y.getData());
    }
    return out;
  }, [cases, inputs] as const);
  await server.close();
  const wrong = cases
    .map(([name]) => [name, maxAbsDiff(results[name]!, expected[name]!)] as const)
    .filter(([, error]) => error > 1e-4);
  expect(wrong).toEqual([]);
});
