// Browser benchmarks for `npm run bench`, in headless Chromium on the app's own code through Vite's dev server and the
// e2e harness pages: whole generations on the tiny bundle (wasm and WebGPU), installing that bundle into IndexedDB
// and loading it back, and WebCodecs video encoding at 512×512.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../../../e2e/fixtures.ts';
import type { GenerationTimings } from '../../protocol/engine.ts';

export interface GenerationBench {
  backend: 'wasm' | 'webgpu';
  params: Record<string, number>;
  loadMs?: number;
  /** Each timed generation (after one warm-up generation). */
  runs: GenerationTimings[];
  error?: string;
}

export interface InstallBench {
  bundleBytes: number;
  installMs: number[];
  /** Bundle bytes / install time (download, sha256 verify, IndexedDB writes), MB/s. */
  throughputMBps: number[];
  loadInstalledMs: number[];
  pageMemoryBefore?: number;
  pageMemoryAfterLoad?: number;
  error?: string;
}

export interface VideoBench {
  format: string;
  width: number;
  height: number;
  frames: number;
  msPerFrame: number[];
  codec?: string;
  error?: string;
}

interface Harness {
  load(url: string, backend: string): Promise<{ ok: boolean; message?: string }>;
  loadInstalled(id: string, backend: string): Promise<{ ok: boolean; message?: string }>;
  install(url: string): Promise<string>;
  release(): Promise<unknown>;
  generate(h: { params: Record<string, number> }): Promise<{ ok: boolean; timings?: GenerationTimings; message?: string }>;
  pageMemory(): Promise<number>;
}
type HarnessWindow = Window & { engineHarness: Harness };

const BUNDLE = '/models/tiny/';
export const GENERATION_PARAMS = { width: 16, height: 16, numFrames: 2, numInferenceSteps: 2 };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface BrowserBench {
  readonly userAgent: string;
  generation(backend: 'wasm' | 'webgpu', timedRuns: number, hardLimitMs: number): Promise<GenerationBench>;
  install(runs: number): Promise<InstallBench>;
  video(runs: number, frames: number): Promise<VideoBench>;
  close(): Promise<void>;
}

export async function browserBench(repo: string): Promise<BrowserBench> {
  // Vite's config turns HMR off for the harness server with this variable: an edit must never reload a page mid-run.
  process.env.LOCALMOTION_HARNESS = '1';
  const { createServer } = await import('vite');
  const port = await freePort();
  const vite = await createServer({ root: repo, configFile: path.join(repo, 'vite.config.ts'), logLevel: 'warn', server: { port, strictPort: true, hmr: false } });
  await vite.listen();
  const base = `http://localhost:${port}`;
  const profile = await mkdtemp(path.join(os.tmpdir(), 'localmotion-bench-browser-'));
  let context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: chromiumExecutable(), headless: true, args: chromiumArgs(true) });

  const open = async (page: string): Promise<Page> => {
    const p = await context.newPage();
    await p.goto(`${base}/e2e/harness/${page}`);
    return p;
  };
  const engine = async () => {
    const p = await open('engine.html');
    await p.waitForFunction(() => 'engineHarness' in window, undefined, { timeout: 120_000 });
    return p;
  };
  const first = await engine();
  const userAgent = await first.evaluate(() => navigator.userAgent);
  await first.close();

  return {
    userAgent,
    async generation(backend, timedRuns, hardLimitMs) {
      const r: GenerationBench = { backend, params: GENERATION_PARAMS, runs: [] };
      const p = await engine();
      const work = (async () => {
        const t0 = performance.now();
        const loaded = await p.evaluate(([u, b]) => (window as unknown as HarnessWindow).engineHarness.load(u, b), [BUNDLE, backend] as const);
        if (!loaded.ok) throw new Error(`load: ${loaded.message}`);
        r.loadMs = performance.now() - t0;
        for (let i = 0; i <= timedRuns; i++) {
          const g = await p.evaluate((params) => (window as unknown as HarnessWindow).engineHarness.generate({ params: { ...params, seed: 42 } }), GENERATION_PARAMS);
          if (!g.ok || !g.timings) throw new Error(`generate: ${g.message}`);
          if (i > 0) r.runs.push(g.timings); // the first generation compiles kernels / shaders
        }
      })();
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (timer = setTimeout(() => {
        r.error = `stopped at the ${hardLimitMs / 1000} s limit after ${r.runs.length} timed runs`;
        resolve();
      }, hardLimitMs)));
      await Promise.race([work.catch((e: unknown) => void (r.error = e instanceof Error ? e.message.split('\n')[0] : String(e))), limit]);
      clearTimeout(timer);
      await p.close({ runBeforeUnload: false }).catch(() => undefined);
      if (r.error?.startsWith('stopped')) {
        // The worker may still be busy: a fresh browser for whatever comes next.
        await context.close().catch(() => undefined);
        context = await chromium.launchPersistentContext(profile, { executablePath: chromiumExecutable(), headless: true, args: chromiumArgs(true) });
      }
      return r;
    },
    async install(runs) {
      const manifest = JSON.parse(await readFile(path.join(repo, 'public/models/tiny/manifest.json'), 'utf8')) as { files: { bytes: number }[] };
      const bundleBytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
      const r: InstallBench = { bundleBytes, installMs: [], throughputMBps: [], loadInstalledMs: [] };
      try {
        for (let i = 0; i < runs; i++) {
          const p = await engine();
          const h = (fn: (h: Harness, arg: string) => Promise<unknown>, arg = '') => p.evaluate(([f, a]) => (0, eval)(f)((window as unknown as HarnessWindow).engineHarness, a), [fn.toString(), arg] as const);
          if (i === 0) r.pageMemoryBefore = (await h((x) => x.pageMemory())) as number;
          const t0 = performance.now();
          const id = (await h((x, url) => x.install(url), BUNDLE)) as string;
          const ms = performance.now() - t0;
          r.installMs.push(ms);
          r.throughputMBps.push(bundleBytes / 1e6 / (ms / 1000));
          const t1 = performance.now();
          const loaded = (await h((x, modelId) => x.loadInstalled(modelId, 'wasm'), id)) as { ok: boolean; message?: string };
          if (!loaded.ok) throw new Error(`loadInstalled: ${loaded.message}`);
          r.loadInstalledMs.push(performance.now() - t1);
          if (i === 0) r.pageMemoryAfterLoad = (await h((x) => x.pageMemory())) as number;
          await h((x) => x.release());
          await p.evaluate(() => indexedDB.databases().then((dbs) => Promise.all(dbs.map((d) => new Promise((ok) => { const q = indexedDB.deleteDatabase(d.name!); q.onsuccess = q.onerror = q.onblocked = ok; })))));
          await p.close();
        }
      } catch (e) {
        r.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
      }
      return r;
    },
    async video(runs, frames) {
      const r: VideoBench = { format: 'mp4', width: 512, height: 512, frames, msPerFrame: [] };
      try {
        const p = await open('video.html');
        await p.waitForFunction(() => 'videoHarness' in window, undefined, { timeout: 60_000 });
        for (let i = 0; i <= runs; i++) {
          const v = await p.evaluate((n) => (window as unknown as { videoHarness: { encode(r: object): Promise<{ ok: boolean; ms?: number; codec?: string; message?: string }> } }).videoHarness.encode({ format: 'mp4', width: 512, height: 512, frames: n, fps: 8 }), frames);
          if (!v.ok) throw new Error(v.message);
          r.codec = v.codec;
          if (i > 0) r.msPerFrame.push(v.ms! / frames); // the first encode pays encoder start-up
        }
        await p.close();
      } catch (e) {
        r.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
      }
      return r;
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
      await vite.close();
    },
  };
}
