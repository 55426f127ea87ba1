// Offline: after one visit (the service worker precaches the app shell, wasm included) and one model install, the
// app loads with the network off, stays cross-origin isolated (threads), and lists the model as ready.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures.ts';

const NAME = 'Tiny demo (random weights)';
// The build the preview server serves (LOCALMOTION_OUT_DIR lets test runs sharing a machine keep their builds apart).
const DIST_ASSETS = path.join(import.meta.dirname, '..', process.env.LOCALMOTION_OUT_DIR ?? 'dist', 'assets');

test('loads offline after one visit and one install: cross-origin isolated, the model ready', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Offline use' })).toContainText('Works offline', { timeout: 30_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  // The precache holds every file the build emitted into assets/ (onnxruntime-web's .wasm/.mjs when the app
  // references them), and nothing under /models/: bundles live in IndexedDB.
  const cached = await page.evaluate(async () => {
    const entries: { path: string; bytes: number }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        entries.push({ path: new URL(request.url).pathname, bytes: (await response!.blob()).size });
      }
    }
    return entries;
  });
  const paths = cached.map((e) => e.path);
  for (const file of await readdir(DIST_ASSETS)) expect(paths).toContain(`/assets/${file}`);
  expect(paths).toContain('/index.html');
  expect(paths.filter((p) => p.startsWith('/models/'))).toEqual([]);
  console.log(`precache: ${cached.length} files, ${cached.reduce((n, e) => n + e.bytes, 0)} bytes`);

  const panel = page.getByRole('region', { name: 'Model' });
  const row = panel.getByRole('list', { name: 'Installed models' }).getByRole('listitem', { name: NAME });
  const started = Date.now();
  await panel.getByRole('button', { name: `Install ${NAME}` }).click();
  await expect(row.locator('[data-status]')).toHaveText('Ready: installed and verified');
  console.log(`install through the UI: ${Date.now() - started} ms`);

  await context.setOffline(true);
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { name: 'LocalMotion', level: 1 })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Offline use' })).toContainText('You are offline');
  // COOP/COEP came with the cached page: SharedArrayBuffer, hence wasm threads, still exist.
  expect(await page.evaluate(() => crossOriginIsolated && typeof SharedArrayBuffer === 'function')).toBe(true);
  await expect(page.getByRole('region', { name: 'Compatibility' }).locator('dt:text-is("Cross-origin isolated") + dd')).toHaveText('yes');

  await expect(row.locator('[data-status]')).toHaveText('Ready: installed and verified');
  // And really intact: every stored part re-hashed offline.
  await row.getByRole('button', { name: `Check integrity of ${NAME}` }).click();
  await expect(row.getByRole('status')).toHaveText('All 9 parts match their checksums.');
  await expect(panel).toContainText('cannot be loaded while offline');
});
