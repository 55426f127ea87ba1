// npm run bench:unet [-- --configs tiny,mid --runtimes node,wasm,webgpu --precisions fp32,q4f32 …]: per-step time of
// the I2VGen-XL UNet graph (one call = one denoising step with classifier-free guidance, batch 2) on
// onnxruntime-node (CPU), onnxruntime-web wasm (in Node) and onnxruntime-web WebGPU (headless Chromium). Prints a
// markdown table and writes the results with a machine description as JSON. `--help` lists the options.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isPrecision, type Precision } from '../graph/quant/precision.ts';
import { buildModel, type BuiltModel, weightBytesOf } from './bench/build.ts';
import { benchConfig, CONFIG_NAMES, type BenchConfig, type ConfigName } from './bench/configs.ts';
import { writeInputs } from './bench/inputs.ts';
import { addRatiosToNode, formatMinutes, projectFirstRunMs } from './bench/ratios.ts';
import { type CaseResult, caseResult, chromiumVersion, describeMachine, formatSize, machineLine, markdownTable, type Runtime, summary } from './bench/report.ts';
import { runCase } from './bench/run-case.ts';
import { warmupModel } from './bench/warmup.ts';
import { webGpuRunner, type WebGpuRunner } from './bench/webgpu.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const HELP = `npm run bench:unet -- [options]
  --configs LIST        ${CONFIG_NAMES.join(',')} (default tiny,mid; mid-2l = the real widths' top two levels)
  --runtimes LIST       node,wasm,webgpu (default all)
  --precisions LIST     fp32,q4f32 (default both; configs over ${formatSize(2 ** 31)} of fp32 weights run q4f32 only on wasm/WebGPU)
  --runs N              timed runs after the first, node and wasm (default 5)
  --webgpu-runs N       timed runs after the first, WebGPU (default 3)
  --budget S            seconds per node/wasm case from session creation on (default 90)
  --webgpu-budget S     seconds per WebGPU case from session creation on (default 150)
  --wasm-threads N      onnxruntime-web wasm threads in Node (default: cores = ${os.cpus().length})
  --attempt-all         also run cases whose first run, projected from a smaller config, is over the budget
  --out FILE            JSON results (default <repo>/bench-unet-results.json)
  --work DIR            models and inputs (default <tmp>/localmotion-bench-unet); --keep leaves them there`;

/** fp32 graphs above this are not sent to wasm (4 GiB heap) or WebGPU (the brief: q4f32 there). */
const FP32_WEB_LIMIT = 2 ** 31;
/** Projections are crude (tiny graphs are overhead-bound): only a case projected this far over budget is skipped. */
const PROJECTION_MARGIN = 3;

async function main(): Promise<void> {
  const { values: o } = parseArgs({
    options: {
      configs: { type: 'string', default: 'tiny,mid' },
      runtimes: { type: 'string', default: 'node,wasm,webgpu' },
      precisions: { type: 'string', default: 'fp32,q4f32' },
      runs: { type: 'string', default: '5' },
      'webgpu-runs': { type: 'string', default: '3' },
      budget: { type: 'string', default: '90' },
      'webgpu-budget': { type: 'string', default: '150' },
      'wasm-threads': { type: 'string', default: String(os.cpus().length) },
      out: { type: 'string', default: join(repo, 'bench-unet-results.json') },
      work: { type: 'string', default: join(os.tmpdir(), 'localmotion-bench-unet') },
      keep: { type: 'boolean', default: false },
      'attempt-all': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (o.help) return console.log(HELP);
  const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);
  const configs = list(o.configs).map((c) => {
    if (!(CONFIG_NAMES as readonly string[]).includes(c)) throw new Error(`--configs: unknown config ${c}; known: ${CONFIG_NAMES.join(', ')}`);
    return c as ConfigName;
  });
  const order: Runtime[] = ['node', 'wasm', 'webgpu']; // node first: the ratios and projections refer to it
  const runtimes = list(o.runtimes).map((r) => {
    if (!(order as string[]).includes(r)) throw new Error(`--runtimes: unknown runtime ${r}`);
    return r as Runtime;
  }).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const precisions = list(o.precisions).map((p) => {
    if (!isPrecision(p) || (p !== 'fp32' && p !== 'q4f32')) throw new Error(`--precisions: ${p} is not fp32 or q4f32 (fp16 needs shader-f16, which SwiftShader lacks)`);
    return p as Precision;
  });
  const int = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${v}`);
    return n;
  };
  const runs = { node: int('runs', o.runs), wasm: int('runs', o.runs), webgpu: int('webgpu-runs', o['webgpu-runs']) };
  const budgetS = { node: int('budget', o.budget), wasm: int('budget', o.budget), webgpu: int('webgpu-budget', o['webgpu-budget']) };
  const wasmThreads = int('wasm-threads', o['wasm-threads']);
  const fixtures = process.env.LOCALMOTION_FIXTURES ?? join(repo, '../shared/fixtures/i2vgen-xl-tiny');

  const started = performance.now();
  const machine = describeMachine();
  const work = resolve(o.work);
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'warmup.onnx'), await warmupModel());
  let webgpu: WebGpuRunner | undefined;
  if (runtimes.includes('webgpu')) {
    webgpu = await webGpuRunner(work);
    machine.chromium = chromiumVersion(webgpu.executable);
    const info = await webgpu.info();
    machine.webgpuAdapter = info.adapter;
    if (!info.adapter) console.warn('no WebGPU adapter in Chromium: the WebGPU cases will fail');
  }
  console.log(`machine: ${machineLine(machine)}`);

  const results: CaseResult[] = [];
  const models: (Omit<BuiltModel, 'dir' | 'model' | 'externalData'> & { config: string; precision: string })[] = [];
  try {
    for (const name of configs) {
      const c = benchConfig(name, fixtures, join(repo, 'src/cli/configs/i2vgen-xl'));
      const s = c.size;
      console.log(`\n## ${name}: ${c.description}; batch ${s.batch}, ${s.frames} frames, ${s.height}×${s.width} latent`);
      const inputsDir = join(work, name, 'inputs');
      const inputs = await writeInputs(inputsDir, s, c.config.int('cross_attention_dim'));
      for (const precision of precisions) {
        const wanted = runtimes.filter((r) => r === 'node' || precision !== 'fp32' || weightBytesOf(c, precision) <= FP32_WEB_LIMIT);
        for (const r of runtimes.filter((x) => !wanted.includes(x))) {
          results.push({ config: name, runtime: r, precision, status: `skipped (fp32 weights ${formatSize(weightBytesOf(c, precision))}: q4f32 only on wasm/WebGPU)`, weightBytes: weightBytesOf(c, precision), runsMs: [] });
        }
        if (wanted.length === 0) continue;
        process.stdout.write(`building ${name} ${precision} … `);
        const model = await buildModel(c, precision, join(work, name, precision));
        console.log(`${formatSize(model.weightBytes)}, ${model.nodes} nodes, ${(model.buildMs / 1000).toFixed(1)} s`);
        models.push({ config: name, precision, nodes: model.nodes, weightBytes: model.weightBytes, buildMs: model.buildMs });
        for (const runtime of wanted) {
          const projected = o['attempt-all'] ? undefined : projectFirstRunMs(results, runtime, name, precision);
          if (projected !== undefined && projected > PROJECTION_MARGIN * budgetS[runtime] * 1000) {
            const status = `skipped (over budget: ~${formatMinutes(projected)} per step projected, budget ${budgetS[runtime]} s)`;
            results.push({ config: name, runtime, precision, status, weightBytes: model.weightBytes, runsMs: [], projectedFirstRunMs: projected });
            console.log(`  ${runtime}: ${status}`);
            continue;
          }
          const r = await runCase({ runtime, model, inputs, inputsDir, runs: runs[runtime], budgetMs: budgetS[runtime] * 1000, wasmThreads, webgpu });
          const result = caseResult({ config: name, runtime, precision, weightBytes: model.weightBytes, ...(runtime === 'node' ? { threads: 'default' } : {}) }, r, budgetS[runtime]);
          results.push(result);
          console.log(`  ${runtime}: ${summary(result)}`);
        }
        if (!o.keep) await rm(model.dir, { recursive: true, force: true });
      }
    }
  } finally {
    await webgpu?.close();
    if (!o.keep) await rm(work, { recursive: true, force: true });
  }

  const rank = (r: CaseResult) => [configs.indexOf(r.config as ConfigName), precisions.indexOf(r.precision as Precision), order.indexOf(r.runtime)];
  results.sort((a, b) => rank(a).reduce((d, x, i) => d || x - rank(b)[i]!, 0));
  addRatiosToNode(results);
  machine.loadAverage.end = os.loadavg()[0]!;
  const durationS = (performance.now() - started) / 1000;
  console.log(`\n# I2VGen-XL UNet, one denoising step (batch 2)\n\nmachine: ${machineLine(machine)}\n`);
  console.log(configs.map((n) => `- ${n}: ${describeSize(benchConfig(n, fixtures, join(repo, 'src/cli/configs/i2vgen-xl')))}`).join('\n'));
  console.log(`- node: onnxruntime-node, CPU EP, default threads; wasm: onnxruntime-web in Node, ${wasmThreads} threads asked ("threads" = env.wasm.numThreads as ORT left it); webgpu: onnxruntime-web's WebGPU EP in headless Chromium ("threads" = its wasm threads for CPU-side ops)`);
  console.log('- create: InferenceSession.create (files read from disk, or fetched over localhost HTTP for WebGPU); a run ends when noise_pred has been read back; × node: median ratio, or first-run ratio "(first)" where there is no median\n');
  console.log(markdownTable(results));
  console.log(`\ntotal ${durationS.toFixed(0)} s`);
  const out = resolve(o.out);
  await writeFile(out, JSON.stringify({ date: new Date().toISOString(), durationS, machine, options: { configs, runtimes, precisions, runs, budgetS, wasmThreads }, models, results }, null, 2));
  console.log(`results: ${out}`);
}

function describeSize(c: BenchConfig): string {
  const s = c.size;
  return `${c.description}; block_out_channels ${JSON.stringify(c.config.raw.block_out_channels)}; ${s.frames} frames, ${s.height}×${s.width} latent, batch ${s.batch}`;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
