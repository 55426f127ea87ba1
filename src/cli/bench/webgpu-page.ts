// The page `npm run bench:unet` opens in headless Chromium: onnxruntime-web's WebGPU EP times one model and streams
// MeasureEvents to Node through the exposed `benchReport`; the same loop as measure.ts timeRuns, in page JS.

/** What the page is asked to run; URLs are same-origin paths. */
export interface PageJob {
  readonly model: string;
  readonly externalData: readonly { path: string; url: string }[];
  readonly inputs: readonly { name: string; url: string; shape: number[] }[];
  readonly warmup: string;
  readonly runs: number;
  readonly budgetMs: number;
}

export interface PageInfo {
  readonly userAgent: string;
  readonly adapter: Record<string, unknown> | null;
  readonly ortWasmThreads: number;
}

export const BENCH_PAGE = `<!doctype html>
<script type="module">
  const ortReady = import('/ort/ort.webgpu.min.mjs');
  const report = (e) => window.benchReport(e);

  window.benchInfo = async () => {
    const ort = await ortReady;
    const adapter = await navigator.gpu?.requestAdapter();
    const info = adapter && {
      vendor: adapter.info.vendor, architecture: adapter.info.architecture, device: adapter.info.device,
      description: adapter.info.description, isFallbackAdapter: adapter.info.isFallbackAdapter ?? adapter.isFallbackAdapter,
      features: [...adapter.features].sort(),
      maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    };
    return { userAgent: navigator.userAgent, adapter: info ?? null, ortWasmThreads: ort.env.wasm.numThreads ?? null };
  };

  window.benchCase = async (job) => {
    try {
      const ort = await ortReady;
      // The runtime's start-up (wasm compile, WebGPU device) is not the model's: pay it on a one-node graph.
      await (await ort.InferenceSession.create(job.warmup, { executionProviders: ['webgpu'] })).release();
      const feeds = {};
      for (const i of job.inputs) feeds[i.name] = new ort.Tensor('float32', new Float32Array(await (await fetch(i.url)).arrayBuffer()), i.shape);
      const start = performance.now();
      const deadline = start + job.budgetMs;
      const session = await ort.InferenceSession.create(job.model, {
        executionProviders: ['webgpu'],
        externalData: job.externalData.map((f) => ({ path: f.path, data: f.url })),
      });
      await report({ type: 'create', ms: performance.now() - start, threads: ort.env.wasm.numThreads });
      // run() can resolve before the GPU is done: a run ends when its output has been read back.
      const once = async () => {
        const t0 = performance.now();
        const out = await session.run(feeds);
        const data = await out.noise_pred.getData();
        return { ms: performance.now() - t0, data };
      };
      const first = await once();
      await report({ type: 'first', ms: first.ms, outputMeanAbs: first.data.reduce((s, v) => s + Math.abs(v), 0) / first.data.length });
      let last = first.ms;
      let stoppedForBudget = false;
      for (let i = 0; i < job.runs; i++) {
        if (performance.now() + last > deadline) { stoppedForBudget = true; break; }
        last = (await once()).ms;
        await report({ type: 'run', ms: last });
      }
      await session.release();
      await report({ type: 'done', stoppedForBudget });
    } catch (e) {
      await report({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
</script>`;
