// npm run bench [-- --gpu --skip browser,webgpu …]: every benchmark of the project in one run — each graph (text
// encoder, image encoder, VAE encoder, VAE decoder per frame, UNet step) on onnxruntime-node, onnxruntime-web wasm
// in Node and WebGPU in Chromium, tiny and mid-size (real widths); whole browser generations; install and load from
// IndexedDB; video encoding; real-config sizes and GPU memory per preset. Prints markdown, writes bench-results.json.
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GRAPH_NAMES } from '../graph/components.ts';
import { writeSyntheticCheckpoint } from './synthetic-checkpoint.ts';
import { browserBench, type GenerationBench, type InstallBench, type VideoBench } from './bench/browser.ts';
import { gpuBench, type GpuBench } from './bench/gpu.ts';
import { buildGraphCase, GRAPH_CONFIGS } from './bench/graph-cases.ts';
import { runInChild } from './bench/node-runner.ts';
import { addRatiosToNode } from './bench/ratios.ts';
import { caseResult, chromiumVersion, describeMachine, machineLine, type Runtime } from './bench/report.ts';
import { bundleSizes, presetMemory } from './bench/sizes.ts';
import { generationTable, gpuLine, type GraphRow, graphTable, installTable, sizeTables, videoLine } from './bench/summary-table.ts';
import { warmupModel } from './bench/warmup.ts';
import { webGpuGraphRunner, type WebGpuGraphRunner } from './bench/webgpu-graphs.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SECTIONS = ['graphs', 'webgpu', 'browser', 'import', 'import-large', 'sizes'] as const;

const HELP = `npm run bench -- [options]
  --gpu             also time the standard preset's UNet step on the real config (hardware WebGPU only)
  --skip LIST       sections to leave out: ${SECTIONS.join(',')}
  --runs N          timed runs per node/wasm graph case after the first (default 5; mid-size: 3)
  --out FILE        JSON results (default <repo>/bench-results.json)`;

/** SwiftShader runs a tiny graph's first call in 5–15 s (shader compilation) and the tiny UNet in minutes: WebGPU
 * gets the tiny model's encoders and VAE only, one timed run each; the mid-size config is not sent there. */
const WEBGPU_GRAPHS = new Set(['text_encoder', 'image_encoder', 'vae_encoder', 'vae_decoder']);

async function main(): Promise<void> {
  const { values: o } = parseArgs({
    options: {
      gpu: { type: 'boolean', default: false },
      skip: { type: 'string', default: '' },
      runs: { type: 'string', default: '5' },
      out: { type: 'string', default: join(repo, 'bench-results.json') },
      help: { type: 'boolean', default: false },
    },
  });
  if (o.help) return console.log(HELP);
  const skip = new Set(o.skip.split(',').filter(Boolean));
  const runs = Number(o.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${o.runs}`);
  const fixtures = process.env.LOCALMOTION_FIXTURES ?? join(repo, '../shared/fixtures/i2vgen-xl-tiny');
  const realConfigs = join(repo, 'src/cli/configs/i2vgen-xl');
  const started = performance.now();
  const machine = describeMachine();
  const work = join(os.tmpdir(), `localmotion-bench-${process.pid}`);
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'warmup.onnx'), await warmupModel());
  const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${s}`);

  let webgpu: WebGpuGraphRunner | undefined;
  if (!skip.has('webgpu') || o.gpu) {
    webgpu = await webGpuGraphRunner(work);
    machine.chromium = chromiumVersion(webgpu.executable);
    machine.webgpuAdapter = (await webgpu.info()).adapter;
  }
  log(`machine: ${machineLine(machine)}`);

  const graphs: GraphRow[] = [];
  let gen: GenerationBench[] = [];
  let install: InstallBench | undefined;
  let video: VideoBench | undefined;
  let importer = 'not run';
  let importerLarge = 'not run';
  let gpu: GpuBench | undefined;
  try {
    // 1. Each graph on each runtime; node first, the ratios refer to it.
    if (!skip.has('graphs')) {
      for (const config of GRAPH_CONFIGS) {
        for (const graph of GRAPH_NAMES) {
          const c = await buildGraphCase(config, graph, 'fp32', fixtures, realConfigs, join(work, config, graph));
          const runtimes: Runtime[] = ['node', 'wasm', ...(webgpu && !skip.has('webgpu') && config === 'tiny' && WEBGPU_GRAPHS.has(graph) ? ['webgpu' as const] : [])];
          for (const runtime of runtimes) {
            const n = config === 'tiny' ? runs : Math.max(1, Math.min(runs, 3));
            const m = runtime === 'webgpu'
              ? await webgpu!.run(c, 1, 45_000, 90_000)
              : await runInChild({ runtime, dir: c.dir, model: c.model, externalData: c.externalData, inputsDir: c.dir, inputs: c.inputs, runs: n, budgetMs: 60_000, wasmThreads: os.cpus().length }, 90_000);
            const r = caseResult({ config, runtime, precision: 'fp32', weightBytes: c.weightBytes }, m, runtime === 'webgpu' ? 45 : 60);
            graphs.push({ ...r, graph, description: c.description });
            log(`${config} ${graph} ${runtime}: ${r.status}, median ${r.medianMs?.toFixed(1) ?? '–'} ms`);
          }
          await rm(c.dir, { recursive: true, force: true });
        }
      }
      // Ratios per graph: addRatiosToNode matches on config and precision, so key the config by graph.
      const keyed = graphs.map((g) => ({ ...g, config: `${g.config}/${g.graph}` }));
      addRatiosToNode(keyed);
      keyed.forEach((k, i) => Object.assign(graphs[i]!, { ratioToNode: k.ratioToNode, ratioOf: k.ratioOf }));
    }
    // 2. The browser: the app's engine, store and video code in Chromium.
    if (!skip.has('browser')) {
      const b = await browserBench(repo);
      try {
        video = await b.video(3, 16);
        log(videoLine(video));
        install = await b.install(2);
        log(`install: ${JSON.stringify(install)}`);
        gen.push(await b.generation('wasm', 3, 120_000));
        log(`generation wasm: ${gen.at(-1)!.error ?? 'ok'}`);
        if (!skip.has('webgpu')) gen.push(await b.generation('webgpu', 1, 150_000));
        log(`generation webgpu: ${gen.at(-1)!.error ?? 'ok'}`);
      } finally {
        await b.close();
      }
    }
    // 3. The Node importer's memory on the tiny fixture (its own CLI, over real HTTP).
    if (!skip.has('import')) {
      try {
        const out = execFileSync(process.execPath, [...process.execArgv, join(repo, 'src/store/import/node-import-memory.ts'), fixtures, 'fp32'], { encoding: 'utf8', timeout: 120_000 });
        importer = out.split('\n').find((l) => /peak/.test(l))?.trim() ?? out.trim().split('\n').at(-1)!;
      } catch (e) {
        importer = `failed: ${(e as Error).message.split('\n')[0]}`;
      }
      log(`importer: ${importer}`);
    }
    // 3b. The same on a synthetic checkpoint of the real I2VGen-XL size (fp16 variant files, 4.6 GiB) → q4f16, the
    //     bundle a user's GPU gets: peak memory must follow the largest tensor, not the checkpoint.
    if (!skip.has('import-large')) {
      const dir = join(work, 'real-checkpoint');
      try {
        await writeSyntheticCheckpoint({ configDir: realConfigs, out: dir, seed: 1, dtype: 'F16' });
        log('synthetic real-size checkpoint written');
        const out = execFileSync(process.execPath, [...process.execArgv, join(repo, 'src/store/import/node-import-memory.ts'), dir, 'q4f16'], { encoding: 'utf8', timeout: 600_000 });
        importerLarge = out.split('\n').find((l) => /peak/.test(l))?.trim() ?? out.trim().split('\n').at(-1)!;
      } catch (e) {
        importerLarge = `failed: ${(e as Error).message.split('\n')[0]}`;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      log(`importer (real size): ${importerLarge}`);
    }
    if (o.gpu && webgpu) {
      gpu = await gpuBench(webgpu, machine.webgpuAdapter ?? null, realConfigs, join(work, 'gpu'));
      log(gpuLine(gpu));
    }
  } finally {
    await webgpu?.close();
    await rm(work, { recursive: true, force: true });
  }
  const sizes = skip.has('sizes') ? [] : bundleSizes(realConfigs);
  const presets = skip.has('sizes') ? [] : presetMemory(realConfigs);

  machine.loadAverage.end = os.loadavg()[0]!;
  const durationS = (performance.now() - started) / 1000;
  const date = new Date().toISOString();
  const report = [
    `# LocalMotion benchmarks, ${date.slice(0, 10)}`,
    '',
    `machine: ${machineLine(machine)}`,
    '',
    '## Graphs, fp32, one call (VAE decoder: one frame; UNet: one step, CFG batch 2)',
    '',
    `- tiny: the diffusers fixture (UNet 3 frames, 32×32 latent); mid: real channel widths with synthetic weights — CLIP encoders with 2 layers, the VAE whole at 64×64 px, the UNet's 320/640 levels at 2 frames, 16×16 latent`,
    `- node: onnxruntime-node CPU EP; wasm: onnxruntime-web in Node, ${os.cpus().length} threads; webgpu: onnxruntime-web WebGPU EP in headless Chromium, tiny encoders/VAE only (one timed run: SwiftShader takes minutes for UNet graphs); × node: median / node's median`,
    '',
    graphTable(graphs),
    '',
    `## A whole generation, tiny bundle, in Chromium (${Object.entries(gen[0]?.params ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}; after one warm-up generation; "out" = outside session.run)`,
    '',
    generationTable(gen),
    '',
    '## Model store',
    '',
    installTable(install, importer, importerLarge),
    '',
    '## Video',
    '',
    video ? videoLine(video) : 'not run',
    '',
    '## Real I2VGen-XL: bundle bytes per precision and estimated GPU memory per preset (UNet peak)',
    '',
    sizeTables(sizes, presets),
    '',
    gpuLine(gpu),
    '',
    `total ${durationS.toFixed(0)} s`,
  ].join('\n');
  console.log(`\n${report}`);
  const out = resolve(o.out);
  await writeFile(out, JSON.stringify({ date, durationS, machine, graphs, generation: gen, install, importer, importerLarge, video, sizes, presets, gpu }, null, 2));
  console.log(`results: ${out}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
