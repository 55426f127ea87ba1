// The model manager panel in the built app: installs the demo bundle with visible progress, keeps it across a
// reload without fetching a bundle byte again, deletes it and frees the storage, pauses and resumes a download (a
// paused model is never shown as installed, also after a reload), and words a failed download.
import type { Locator, Page, Route } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const NAME = 'Tiny demo (random weights)';
const UNET = '**/models/tiny/unet.onnx';

const panel = (page: Page) => page.getByRole('region', { name: 'Model' });
const installed = (page: Page) => panel(page).getByRole('list', { name: 'Installed models' }).getByRole('listitem', { name: NAME });
const status = (row: Locator) => row.locator('[data-status]');
const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** Holds every request for the UNet file until release() (then lets it through), so a download stays mid-way. */
async function holdUnet(page: Page): Promise<{ held: Promise<void>; release: () => Promise<void> }> {
  let gate!: () => void;
  const opened = new Promise<void>((resolve) => (gate = resolve));
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => (arrived = resolve));
  await page.route(UNET, async (route: Route) => {
    arrived();
    await opened;
    // A paused download has aborted this request by now: nothing to continue.
    await route.continue().catch(() => {});
  });
  return {
    held,
    release: async () => {
      gate();
      await page.unroute(UNET);
    },
  };
}

test('installs the demo bundle with progress, keeps it across a reload without refetching, and delete frees its storage', async ({ page }) => {
  await page.goto('/');
  const offered = panel(page).getByRole('list', { name: 'Bundled models' }).getByRole('listitem');
  // SwiftShader has no shader-f16: the q4f32 demo bundle is the pick, and the panel says why.
  await expect(offered).toContainText('Recommended for this GPU');
  await expect(offered).toContainText('lacks shader-f16');
  await expect(panel(page).getByText('No models on this device yet.')).toBeVisible();
  const before = await usage(page);

  const unet = await holdUnet(page);
  const started = Date.now();
  await offered.getByRole('button', { name: `Install ${NAME}` }).click();
  await unet.held;
  // Mid-download: every file before the UNet is in, the bar and the numbers say so.
  const progress = installed(page).getByRole('progressbar', { name: `Download of ${NAME}` });
  await expect(progress).toBeVisible();
  await expect(installed(page)).toContainText(/ of 2\.78 MiB/);
  await expect(status(installed(page))).toHaveText('Downloading…');
  await unet.release();
  await expect(status(installed(page))).toHaveText('Ready: installed and verified');
  console.log(`install through the UI: ${Date.now() - started} ms (UNet held until the progress bar showed)`);
  await expect(offered.getByText('Installed', { exact: true })).toBeVisible();
  await expect(installed(page)).toContainText('Uses 2.78 MiB on this device.');

  // Reload: the list comes from IndexedDB, and no bundle file is requested again.
  const bundleRequests: string[] = [];
  page.context().on('request', (r) => {
    if (r.url().includes('/models/tiny/')) bundleRequests.push(r.url());
  });
  await page.reload();
  await expect(status(installed(page))).toHaveText('Ready: installed and verified');
  await expect(offered.getByText('Installed', { exact: true })).toBeVisible();
  expect(bundleRequests).toEqual([]);

  // Delete (confirmed) frees what the model took.
  const stored = await usage(page);
  await installed(page).getByRole('button', { name: /^Delete Tiny demo .*frees 2\.78 MiB/ }).click();
  await installed(page).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(panel(page).getByRole('status', { name: 'Model store news' })).toHaveText(`Deleted ${NAME}: 2.78 MiB freed.`);
  await expect(panel(page).getByText('No models on this device yet.')).toBeVisible();
  await expect(panel(page).getByRole('list', { name: 'Installed models' })).toHaveCount(0);
  await expect.poll(() => usage(page)).toBeLessThan(stored - 2_000_000);
  const after = await usage(page);
  console.log(`storage usage: ${before} bytes before install, ${stored} installed, ${after} after delete`);
});

test('pauses a download mid-way, shows it incomplete across a reload, and resumes it to installed', async ({ page }) => {
  await page.goto('/');
  const unet = await holdUnet(page);
  const offered = panel(page).getByRole('list', { name: 'Bundled models' }).getByRole('listitem');
  await offered.getByRole('button', { name: `Install ${NAME}` }).click();
  await unet.held;
  await installed(page).getByRole('button', { name: `Pause ${NAME}` }).click();
  await expect(status(installed(page))).toHaveText(/^Paused: incomplete, 959\.3 KiB of 2\.78 MiB downloaded$/);
  await unet.release();

  // A paused model is never "installed", also after a reload.
  await page.reload();
  await expect(status(installed(page))).toHaveText(/^Paused: incomplete/);
  await expect(offered.getByRole('button', { name: `Resume ${NAME}` })).toBeVisible();
  await expect(offered.getByText('Installed', { exact: true })).toHaveCount(0);

  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/models/tiny/')) fetched.push(new URL(r.url()).pathname.replace('/models/tiny/', ''));
  });
  await installed(page).getByRole('button', { name: `Resume ${NAME}` }).click();
  await expect(status(installed(page))).toHaveText('Ready: installed and verified');
  // Only what was missing: the manifest, the UNet and the files after it.
  expect(fetched).not.toContain('text_encoder.onnx');
  expect(fetched).toContain('unet.onnx');
});

test('says clearly when a bundle address is wrong, and lists nothing as installed', async ({ page }) => {
  await page.route('**/nowhere/manifest.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/');
  await panel(page).getByRole('textbox', { name: 'Bundle URL' }).fill('/nowhere/');
  await panel(page).getByRole('button', { name: 'Install from URL' }).click();
  const alert = panel(page).getByRole('alert');
  await expect(alert).toContainText('The server has no manifest.json at this address (404 Not Found).');
  await expect(alert).toHaveAttribute('data-code', 'http');
  await expect(panel(page).getByRole('listitem', { name: NAME })).toHaveCount(0);

  await panel(page).getByRole('textbox', { name: 'Bundle URL' }).fill('ftp://example.com/bundle/');
  await panel(page).getByRole('button', { name: 'Install from URL' }).click();
  await expect(panel(page).getByText('Only http:// and https:// addresses can be downloaded')).toBeVisible();
});
