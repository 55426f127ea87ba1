// The graphs built from the diffusers fixture give the golden numbers on onnxruntime-web's WebGPU EP in headless
// Chromium (SwiftShader): fp32 against diffusers, q4f32 (MatMulNBits) against onnxruntime-node on the same file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildInMemory } from '../src/testing/load-component.ts';
import { FIXTURE_DIR, goldenFloat32, goldenIndex, goldenTolerance, maxAbsDiff } from '../src/testing/fixtures.ts';
import { caseFor, GOLDEN_CASES } from '../src/testing/golden-cases.ts';
import { runNode } from '../src/testing/ort-node.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { expect, test } from './fixtures.ts';

const ortDist = path.join(import.meta.dirname, '..', 'node_modules', 'onnxruntime-web', 'dist');

// The page fetches each model and its golden inputs, runs them on the WebGPU EP and returns every output, plus the
// nodes ORT placed on the CPU (parsed from its verbose placement log; recipe in ../shared/notes/webgpu-op-support.md).
const html = `<!doctype html>
<script type="module">
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
