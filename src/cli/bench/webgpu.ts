// WebGPU cases: headless Chromium (SwiftShader here) through Playwright, a fresh persistent profile and browser per
// case (a case over its time budget is ended by closing the browser), files served by e2e/support/static-server.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../../../e2e/fixtures.ts';
import { startStaticServer, type StaticServer } from '../../../e2e/support/static-server.ts';
import { applyEvent, type MeasureEvent, type Measurement } from './measure.ts';
import { BENCH_PAGE, type PageInfo, type PageJob } from './webgpu-page.ts';

const ORT_DIST = path.join(import.meta.dirname, '../../../node_modules/onnxruntime-web/dist');

export interface WebGpuRunner {
  readonly executable: string;
  /** Serves `file` (inside the work folder) at this same-origin path. */
  url(file: string): string;
  info(): Promise<PageInfo>;
  /** Runs one case; closes the browser when `hardLimitMs` passes first. */
  run(job: PageJob, hardLimitMs: number): Promise<Measurement>;
  close(): Promise<void>;
}

export async function webGpuRunner(workDir: string): Promise<WebGpuRunner> {
  const server: StaticServer = await startStaticServer({ mounts: { '/ort/': ORT_DIST, '/work/': workDir }, pages: { '/': BENCH_PAGE } });
  const executable = chromiumExecutable();

  async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const profile = await mkdtemp(path.join(os.tmpdir(), 'localmotion-bench-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: executable, headless: true, args: chromiumArgs(true) });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      return await fn(page);
    } finally {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    }
  }

  return {
    executable,
    url: (file) => `/work/${path.relative(workDir, file).split(path.sep).join('/')}`,
    info: () =>
      withPage(async (page) => {
        await page.goto(server.url);
        return page.evaluate(() => (window as unknown as { benchInfo(): Promise<PageInfo> }).benchInfo());
      }),
    run: (job, hardLimitMs) =>
      withPage(async (page) => {
        const m: Measurement = { runsMs: [] };
        let settle!: () => void;
        const settled = new Promise<void>((resolve) => (settle = resolve));
        await page.exposeFunction('benchReport', (e: MeasureEvent) => {
          applyEvent(m, e);
          if (e.type === 'done' || e.type === 'error') settle();
        });
        page.on('crash', () => {
          m.error = 'renderer crashed (out of memory?)';
          settle();
        });
        await page.goto(server.url);
        let over = false; // past here, the browser is closed on purpose: its errors are not the case's
        void page.evaluate((j) => (window as unknown as { benchCase(j: PageJob): Promise<void> }).benchCase(j), job).catch((e: unknown) => {
          if (over) return;
          m.error ??= `page: ${e instanceof Error ? e.message : String(e)}`;
          settle();
        });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, hardLimitMs)))]);
        clearTimeout(timer);
        over = true;
        if (!m.finished && m.error === undefined) m.stoppedForBudget = true;
        return m;
      }),
    close: () => server.close(),
  };
}
