// "Import the official checkpoint" in the built app: the tiny diffusers fixture, served at the app's own origin under
// /test-checkpoint/ (page.route hands each request, HEAD and Range included, to the test server, so the app's
// connect-src never needs another origin), is imported through the form with the precision picked for this GPU,
// shows its progress, and becomes a ready model that stays after a reload. An address without a checkpoint says so;
// Cancel stops an import and keeps nothing.
import type { Page, Route } from '@playwright/test';
import { FIXTURE_DIR } from '../src/testing/fixtures.ts';
import { expect, test } from './fixtures.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const PREFIX = '/test-checkpoint/';
const NAME = 'I2VGen-XL (q4f32)';

let server: StaticServer;
test.beforeAll(async () => {
  server = await startStaticServer({ mounts: { [PREFIX]: FIXTURE_DIR } });
});
test.afterAll(async () => {
  await server?.close();
});
test.beforeEach(() => {
  server.setFaults([]);
  server.requests.length = 0;
});

/** Serves /test-checkpoint/… of the app's origin from the test server; `hold` keeps matching requests waiting. */
async function serveCheckpoint(page: Page, hold?: { path: string; until: Promise<void>; arrived: () => void }): Promise<void> {
  await page.route(`**${PREFIX}**`, async (route: Route) => {
    const { pathname } = new URL(route.request().url());
    if (hold && pathname.endsWith(hold.path)) {
      hold.arrived();
      await hold.until;
    }
    const response = await route.fetch({ url: `${server.url}${pathname}` }).catch(() => undefined);
    // A cancelled import has aborted the request by now.
    if (response) await route.fulfill({ response }).catch(() => {});
  });
}

const panel = (page: Page) => page.getByRole('region', { name: 'Model' });

test('imports the checkpoint through the form: the pick for this GPU, progress, then a ready model that stays after a reload', async ({ page }) => {
  await serveCheckpoint(page);
  await page.goto('/');
  const form = panel(page);
  await expect(form.getByRole('heading', { name: 'Import the official checkpoint' })).toBeVisible();
  const address = form.getByRole('textbox', { name: 'Checkpoint URL' });
  await expect(address).toHaveValue('https://huggingface.co/ali-vilab/i2vgen-xl/resolve/main/');
  // SwiftShader has no shader-f16: q4f32 is preselected, and the form says why.
  const precision = form.getByRole('combobox', { name: 'Precision' });
  await expect(precision).toHaveValue('q4f32');
  await expect(form.getByText('Chosen for this GPU: q4f32.')).toContainText('lacks shader-f16');

  await address.fill(PREFIX);
  const started = Date.now();
  await form.getByRole('button', { name: 'Import checkpoint' }).click();
  const row = form.getByRole('list', { name: 'Installed models' }).getByRole('listitem', { name: NAME });
  await expect(row.locator('[data-status]')).toHaveText('Ready: installed and verified', { timeout: 60_000 });
  console.log(`import of the tiny checkpoint through the UI: ${Date.now() - started} ms, ${server.requests.length} requests`);
  await expect(form.getByRole('status', { name: 'Model store news' })).toHaveText(/^Imported I2VGen-XL \(q4f32\): .+, ready to use\.$/);
  await expect(form.getByRole('progressbar', { name: 'Import progress' })).toHaveCount(0);
  // Weights were read by Range, through the app's own origin.
  expect(server.requests.some((r) => r.path.endsWith('.safetensors') && r.status === 206)).toBe(true);

  // The model the Generate form can use: listed there, and still ready (and intact) after a reload.
  await page.reload();
  await expect(row.locator('[data-status]')).toHaveText('Ready: installed and verified');
  await row.getByRole('button', { name: `Check integrity of ${NAME}` }).click();
  await expect(row.getByRole('status')).toHaveText(/^All \d+ parts match their checksums\.$/);
});

test('an address without a checkpoint fails clearly and installs nothing', async ({ page }) => {
  await serveCheckpoint(page);
  await page.goto('/');
  const form = panel(page);
  await form.getByRole('textbox', { name: 'Checkpoint URL' }).fill(`${PREFIX}nothing-here/`);
  await form.getByRole('button', { name: 'Import checkpoint' }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toContainText('There is no diffusers checkpoint at this address');
  await expect(alert).toContainText('huggingface.co/ali-vilab/i2vgen-xl/resolve/main/');
  await expect(alert).toHaveAttribute('data-code', 'http');
  await expect(form.getByText('No models on this device yet.')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Import checkpoint' })).toBeEnabled();
});

test('Cancel stops an import mid-way and keeps nothing of it', async ({ page }) => {
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => (arrived = resolve));
  // The tokenizer is read after the graphs are stored: held there, the import has written chunks to cancel.
  await serveCheckpoint(page, { path: 'tokenizer/vocab.json', until, arrived });
  await page.goto('/');
  const form = panel(page);
  await form.getByRole('textbox', { name: 'Checkpoint URL' }).fill(PREFIX);
  await form.getByRole('button', { name: 'Import checkpoint' }).click();
  await held;
  await expect(form.getByRole('listitem', { name: NAME }).locator('[data-status]')).toHaveText('Importing…');
  await expect(form.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(form).toContainText(/\d (bytes|KiB|MiB) of \d+(\.\d+)? (KiB|MiB)/);
  await form.getByRole('button', { name: 'Cancel import' }).click();
  release();
  await expect(form.getByRole('status', { name: 'Model store news' })).toHaveText('Import cancelled: nothing of it was kept.');
  await expect(form.getByText('No models on this device yet.')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Cancel import' })).toHaveCount(0);
});
