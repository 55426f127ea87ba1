// The graphs built from the diffusers fixture give the golden numbers on onnxruntime-web's WebGPU EP in headless
// Chromium (SwiftShader): fp32 against diffusers, q4f32 (MatMulNBits) against onnxruntime-node on the same file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildInMemory } from '../src/testing/load-component.ts';
import { FIXTURE_DIR, goldenFloat32, goldenIndex, goldenTolerance, maxAbsDiff } from '../src/testing/fixtures.ts';
import * as ortNode from 'onnxruntime-node';
import type { AttentionLowering } from '../src/graph/builder.ts';
import { caseFor, GOLDEN_CASES } from '../src/testing/golden-cases.ts';
import { unetGoldenInputs } from '../src/testing/unet-case.ts';
import { runNode, toNodeFeeds } from '../src/testing/ort-node.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { expect, test } from './fixtures.ts';

const ortDist = path.join(import.meta.dirname, '..', 'node_modules', 'onnxruntime-web', 'dist');

// The page fetches each model and its golden inputs, runs them on the WebGPU EP and returns every output, plus the
// nodes ORT placed on the CPU (parsed from its verbose placement log; recipe in ../shared/notes/webgpu-op-support.md).
const html = `<!doctype html>
<script type="module">
  if (location.search.includes('nosubgroups')) {
    // Hide the subgroup features from ORT: its FlashAttention subgroup path is wrong on SwiftShader (see notes).
    const rd = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = function (d = {}) {
      return rd.call(this, { ...d, requiredFeatures: [...(d.requiredFeatures || [])].filter((f) => !/^subgroup/.test(f)) });
    };
  }
  const ortLog = [];
  for (const k of ['log', 'info', 'warn', 'error', 'debug']) {
    const orig = console[k].bind(console);
    console[k] = (...a) => { ortLog.push(a.map(String).join(' ')); orig(...a); };
  }
  const cpuNodes = () => {
    const cpu = []; let ep = null;
    for (const l of ortLog) {
      if (!l.includes('VerifyEachNodeIsAssignedToAnEp')) continue;
      const m = l.match(/placed on \\[(\\w+)\\]\\. Number of nodes: (\\d+)/);
      if (m) { ep = m[1]; if (l.includes('All nodes placed on') && ep === 'CPUExecutionProvider') cpu.push('ALL'); continue; }
      const n = l.match(/\\]\\s{3}(\\S+) \\((.*)\\)$/);
      if (n && ep === 'CPUExecutionProvider') cpu.push(n[1] + ' ' + n[2]);
    }
    return cpu;
  };
  const ortReady = import('/ort/ort.webgpu.min.mjs').then((ort) => {
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'verbose';
    return ort;
  });
  const typed = (dtype, buf) => dtype === 'int64' ? new BigInt64Array(buf) : new Float32Array(buf);
  window.runGraph = async (modelUrl, inputs) => {
    const ort = await ortReady;
    ortLog.length = 0;
    const session = await ort.InferenceSession.create(modelUrl, { executionProviders: ['webgpu'], logSeverityLevel: 0 });
    const placement = cpuNodes();
    const placementLogged = ortLog.some((l) => l.includes('VerifyEachNodeIsAssignedToAnEp'));
    const feeds = {};
    for (const [name, { url, dtype, shape }] of Object.entries(inputs)) {
      feeds[name] = new ort.Tensor(dtype, typed(dtype, await (await fetch(url)).arrayBuffer()), shape);
    }
    const out = await session.run(feeds);
    const result = {};
    for (const [name, t] of Object.entries(out)) result[name] = { dims: t.dims, data: Array.from(await t.getData()) };
    await session.release();
    return { result, placement, placementLogged, adapter: (await navigator.gpu.requestAdapter())?.info?.architecture ?? null };
  };
</script>`;

/** UNet builds under test: the default (chunked attention) in fp32 and q4f32, and the MultiHeadAttention option. */
const UNET_VARIANTS: Record<string, { precision: 'fp32' | 'q4f32'; attention?: AttentionLowering }> = {
  // 6 query chunks (not the default 16) keep SwiftShader's shader compilation short while still exercising the
  // sliced queries and the two-level Concat.
  fp32: { precision: 'fp32', attention: { mode: 'chunked', queryChunks: 6 } },
  q4f32: { precision: 'q4f32', attention: { mode: 'chunked', queryChunks: 6 } },
  mha: { precision: 'fp32', attention: { mode: 'mha' } },
};

let dir: string;
let server: StaticServer;
const nodeQ4: Record<string, Record<string, Float32Array>> = {};

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'localmotion-graphs-'));
  for (const precision of ['fp32', 'q4f32'] as const) {
    for (const component of ['text_encoder', 'image_encoder', 'vae'] as const) {
      for (const [graph, bytes] of Object.entries(await buildInMemory(FIXTURE_DIR, component, precision))) {
        await writeFile(path.join(dir, `${graph}.${precision}.onnx`), bytes);
        if (precision === 'q4f32') {
          const out = await runNode(bytes, caseFor(graph));
          nodeQ4[graph] = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
        }
      }
    }
  }
  for (const [name, options] of Object.entries(UNET_VARIANTS)) {
    const { unet } = await buildInMemory(FIXTURE_DIR, 'unet', options.precision, { attention: options.attention });
    await writeFile(path.join(dir, `unet.${name}.onnx`), unet!);
    if (name === 'q4f32') {
      const session = await ortNode.InferenceSession.create(unet!);
      nodeQ4.unet = { noise_pred: (await session.run(toNodeFeeds(unetGoldenInputs()))).noise_pred!.data as Float32Array };
      await session.release();
    }
  }
  for (const [name, t] of Object.entries(unetGoldenInputs())) {
    await writeFile(path.join(dir, `unet-input-${name}.bin`), new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  server = await startStaticServer({
    mounts: { '/ort/': ortDist, '/models/': dir, '/fixture/': FIXTURE_DIR },
    pages: { '/': html },
  });
});

test.afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function inputsFor(graph: string) {
  const c = caseFor(graph);
  const index = goldenIndex().tensors;
  return Object.fromEntries(
    Object.entries(c.inputs).map(([name, g]) => [name, { url: `/fixture/${index[g.name]!.file}`, dtype: g.dtype, shape: index[g.name]!.shape }]),
  );
}

type RunGraph = (url: string, inputs: ReturnType<typeof inputsFor>) => Promise<{
  result: Record<string, { dims: number[]; data: number[] }>;
  placement: string[];
  placementLogged: boolean;
  adapter: string | null;
}>;

for (const c of GOLDEN_CASES) {
  test(`${c.graph}: fp32 on WebGPU equals diffusers, q4f32 on WebGPU equals onnxruntime-node`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto(server.url);
    const run = (precision: string) =>
      page.evaluate(
        ([url, inputs]) => (window as unknown as { runGraph: RunGraph }).runGraph(url, inputs),
        [`/models/${c.graph}.${precision}.onnx`, inputsFor(c.graph)] as const,
      );
    const fp32 = await run('fp32');
    expect(fp32.adapter).toBe('swiftshader');
    // Only shape math may run on the CPU: Gathers ORT inserts for dynamic Reshapes, and our int64 Shape/Slice/Concat
    // for the CLS token's Expand. Every float node (named after its checkpoint key path) must be on the GPU.
    expect(fp32.placementLogged).toBe(true);
    const onCpu = fp32.placement.filter((n) => !/^(Gather|Shape|Slice|Concat|Unsqueeze|Squeeze) /.test(n));
    expect(onCpu, `float nodes on the CPU: ${fp32.placement.join(', ')}`).toEqual([]);
    for (const [output, goldenName] of Object.entries(c.outputs)) {
      const ref = goldenFloat32(goldenName);
      expect(fp32.result[output]!.dims).toEqual(ref.shape);
      expect(maxAbsDiff(fp32.result[output]!.data, ref.data)).toBeLessThanOrEqual(goldenTolerance(ref.data));
    }
    const q4 = await run('q4f32');
    for (const output of Object.keys(c.outputs)) {
      const ref = nodeQ4[c.graph]![output]!;
      expect(maxAbsDiff(q4.result[output]!.data, ref)).toBeLessThanOrEqual(goldenTolerance(ref));
    }
  });
}

function unetInputs() {
  return Object.fromEntries(
    Object.entries(unetGoldenInputs()).map(([k, t]) => [k, { url: `/models/unet-input-${k}.bin`, dtype: t.dtype, shape: t.shape }]),
  );
}

/** Float nodes must all be on the GPU; only int64 shape math and the pooling bins' index math may stay on the CPU. */
const SHAPE_MATH = /^(Gather|Shape|Slice|Concat|Unsqueeze|Squeeze|Cast|Div|Mul|Sub|Range|Floor|Ceil|Reshape) /;

test('unet: fp32 (chunked attention) on WebGPU equals diffusers with every float node on the GPU; q4f32 equals onnxruntime-node', async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto(server.url);
  const run = (variant: string) =>
    page.evaluate(([url, inputs]) => (window as unknown as { runGraph: RunGraph }).runGraph(url, inputs), [`/models/unet.${variant}.onnx`, unetInputs()] as const);
  const ref = goldenFloat32('unet/out_sample');
  const fp32 = await run('fp32');
  expect(fp32.placementLogged).toBe(true);
  const onCpu = fp32.placement.filter((n) => !SHAPE_MATH.test(n) || /(MatMul|Conv|Softmax|InstanceNormalization|LayerNormalization)/.test(n));
  expect(onCpu).toEqual([]);
  expect(fp32.result.noise_pred!.dims).toEqual(ref.shape);
  const fp32Error = maxAbsDiff(fp32.result.noise_pred!.data, ref.data);
  expect(fp32Error, `fp32 WebGPU vs diffusers: ${fp32Error}`).toBeLessThanOrEqual(goldenTolerance(ref.data));
  const q4 = await run('q4f32');
  // 4-bit convolutions (DequantizeLinear → Conv) and MatMulNBits must be on the GPU too.
  expect(q4.placement.filter((n) => !SHAPE_MATH.test(n) || /(MatMul|Conv|Dequantize)/.test(n))).toEqual([]);
  const q4Error = maxAbsDiff(q4.result.noise_pred!.data, nodeQ4.unet!.noise_pred!);
  expect(q4Error, `q4f32 WebGPU vs onnxruntime-node: ${q4Error}`).toBeLessThanOrEqual(goldenTolerance(nodeQ4.unet!.noise_pred!));
});

test('unet with the MultiHeadAttention option equals diffusers on WebGPU once subgroups are hidden', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`${server.url}?nosubgroups`);
  const out = await page.evaluate(
    ([url, inputs]) => (window as unknown as { runGraph: RunGraph }).runGraph(url, inputs),
    ['/models/unet.mha.onnx', unetInputs()] as const,
  );
  const ref = goldenFloat32('unet/out_sample');
  expect(maxAbsDiff(out.result.noise_pred!.data, ref.data)).toBeLessThanOrEqual(goldenTolerance(ref.data));
});
