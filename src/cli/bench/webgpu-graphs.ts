// WebGPU per-graph cases for `npm run bench`: onnxruntime-web's WebGPU EP in headless Chromium times any graph
// (first output read back), files served by e2e/support/static-server.ts. One browser for all cases; a case over its
// limit closes it, and the next case starts a fresh one.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../../../e2e/fixtures.ts';
import { startStaticServer } from '../../../e2e/support/static-server.ts';
import type { GraphCase } from './graph-cases.ts';
import type { Measurement } from './measure.ts';
import type { PageInfo } from './webgpu-page.ts';

const ORT_DIST = path.join(import.meta.dirname, '../../../node_modules/onnxruntime-web/dist');

interface PageGraphJob {
  model: string;
  externalData: { path: string; url: string }[];
  inputs: { name: string; type: string; shape: number[]; url: string }[];
  runs: number;
  budgetMs: number;
}

const PAGE = `<!doctype html>
<script type="module">
  const ortReady = import('/ort/ort.webgpu.min.mjs');
  window.benchInfo = async () => {
    const ort = await ortReady;
    const adapter = await navigator.gpu?.requestAdapter();
    const info = adapter && { vendor: adapter.info.vendor, architecture: adapter.info.architecture, device: adapter.info.device,
      description: adapter.info.description, isFallbackAdapter: adapter.info.isFallbackAdapter ?? adapter.isFallbackAdapter };
    return { userAgent: navigator.userAgent, adapter: info ?? null, ortWasmThreads: ort.env.wasm.numThreads ?? null };
  };
  let warm = false;
  window.benchGraph = async (job) => {
    const ort = await ortReady;
    const m = { runsMs: [] };
    if (!warm) {
      // The runtime's start-up (wasm compile, WebGPU device) is not a model's: pay it on a one-node graph.
      const g = new Uint8Array(await (await fetch('/work/warmup.onnx')).arrayBuffer());
      await (await ort.InferenceSession.create(g, { executionProviders: ['webgpu'] })).release();
      warm = true;
    }
    const feeds = {};
    for (const i of job.inputs) {
      const b = await (await fetch(i.url)).arrayBuffer();
      feeds[i.name] = new ort.Tensor(i.type, i.type === 'int64' ? new BigInt64Array(b) : new Float32Array(b), i.shape);
    }
    const t0 = performance.now();
    const session = await ort.InferenceSession.create(job.model, { executionProviders: ['webgpu'], externalData: job.externalData.map((f) => ({ path: f.path, data: f.url })) });
    m.createMs = performance.now() - t0;
    const output = session.outputNames[0];
    const once = async () => {
      const s = performance.now();
      const out = await session.run(feeds);
      const data = await out[output].getData();
      return { ms: performance.now() - s, data };
    };
    const first = await once();
    m.firstMs = first.ms;
    m.outputMeanAbs = first.data.reduce((s, v) => s + Math.abs(v), 0) / first.data.length;
    let last = first.ms;
    for (let i = 0; i < job.runs; i++) {
      if (performance.now() + last > t0 + job.budgetMs) { m.stoppedForBudget = true; break; }
      last = (await once()).ms;
      m.runsMs.push(last);
    }
    await session.release();
    m.finished = true;
    return m;
  };
</script>`;

export interface WebGpuGraphRunner {
  readonly executable: string;
  info(): Promise<PageInfo>;
  run(c: GraphCase, runs: number, budgetMs: number, hardLimitMs: number): Promise<Measurement>;
  close(): Promise<void>;
}

/** `workDir` holds the cases' folders and warmup.onnx (warmup.ts). */
export async function webGpuGraphRunner(workDir: string): Promise<WebGpuGraphRunner> {
  const server = await startStaticServer({ mounts: { '/ort/': ORT_DIST, '/work/': workDir }, pages: { '/': PAGE } });
  const executable = chromiumExecutable();
  let open: { context: BrowserContext; page: Page; profile: string } | undefined;
  const url = (file: string) => `/work/${path.relative(workDir, file).split(path.sep).join('/')}`;

  async function page(): Promise<Page> {
    if (open) return open.page;
    const profile = await mkdtemp(path.join(os.tmpdir(), 'localmotion-bench-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: executable, headless: true, args: chromiumArgs(true) });
    const p = context.pages()[0] ?? (await context.newPage());
    await p.goto(server.url);
    open = { context, page: p, profile };
    return p;
  }
  async function closeBrowser(): Promise<void> {
    if (!open) return;
    const o = open;
    open = undefined;
    await o.context.close().catch(() => undefined);
    await rm(o.profile, { recursive: true, force: true });
  }

  return {
    executable,
    info: async () => (await page()).evaluate(() => (window as unknown as { benchInfo(): Promise<PageInfo> }).benchInfo()),
    async run(c, runs, budgetMs, hardLimitMs) {
      const job: PageGraphJob = {
        model: url(path.join(c.dir, c.model)),
        externalData: c.externalData.map((f) => ({ path: f, url: url(path.join(c.dir, f)) })),
        inputs: c.inputs.map((i) => ({ name: i.name, type: i.type, shape: i.shape, url: url(path.join(c.dir, i.file)) })),
        runs,
        budgetMs,
      };
      const p = await page();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<Measurement>((resolve) => (timer = setTimeout(() => resolve({ runsMs: [], stoppedForBudget: true }), hardLimitMs)));
      const run = p
        .evaluate((j) => (window as unknown as { benchGraph(j: PageGraphJob): Promise<Measurement> }).benchGraph(j), job)
        .catch((e: unknown): Measurement => ({ runsMs: [], error: e instanceof Error ? e.message : String(e) }));
      const m = await Promise.race([run, timeout]);
      clearTimeout(timer);
      if (m.stoppedForBudget && !m.finished) await closeBrowser();
      return m;
    },
    async close() {
      await closeBrowser();
      await server.close();
    },
  };
}
