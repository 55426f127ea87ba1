// A newcomer's whole path through the built app: install the demo model, make a video with the quick preset and
// download it (ffprobe judges the MP4), find it in History (thumbnail and prompt, still there after a reload), put
// its settings back into the form with "Reuse settings", and make one video per image with Batch (each lands in
// History). A second check cancels a batch (it pauses), cancels a form run waiting behind a batch image (the batch
// goes on), and reloads the page in the middle of one: the waiting images are still queued and Resume finishes them. wasm backend (no WebGPU), so each run takes seconds.
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { probe, removeTemp, writeTemp } from '../src/video/ffmpeg-test-support.ts';
import { expect, test } from './fixtures.ts';
import { screenshot } from './support/screenshots.ts';

const NAME = 'Tiny demo (random weights)';
const PROMPT = 'a ball rolling slowly to the right';
/** One quick-preset run on wasm: seconds on an idle machine; generous for a CI runner shared with other jobs. */
const RUN = 120_000;

test.use({ webgpu: false });
test.afterAll(() => removeTemp());

/** A small PNG whose colours depend on `k`, so every test image differs. */
async function png(k: number): Promise<Buffer> {
  const width = 48;
  const height = 40;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([(x * 5 + k * 40) % 256, (y * 6) % 256, ((x + y) * 3 + k * 70) % 256], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

const images = (n: number) => Promise.all(Array.from({ length: n }, async (_, k) => ({ name: `photo-${k + 1}.png`, mimeType: 'image/png', buffer: await png(k + 1) })));

const region = (page: Page, name: string) => page.getByRole('region', { name });
const historyItems = (page: Page) => region(page, 'History').getByRole('list', { name: 'Videos made on this device' }).getByRole('listitem');
const queueItems = (page: Page) => region(page, 'Batch').getByRole('list', { name: 'Batch queue' }).getByRole('listitem');

/** Installs the demo model and fills the Generate form: prompt, quick preset, locked seed. */
async function installAndFill(page: Page, seed: string): Promise<Locator> {
  await page.goto('/');
  await region(page, 'Model').getByRole('button', { name: `Install ${NAME}` }).click();
  const generate = region(page, 'Generate');
  await generate.getByLabel('Prompt', { exact: true }).fill(PROMPT);
  await generate.getByLabel('Preset').selectOption('quick');
  await generate.getByLabel('Random seed').uncheck();
  await generate.getByLabel('Seed', { exact: true }).fill(seed);
  return generate;
}

test('a newcomer makes a video, finds it in History after a reload, reuses its settings, and runs a batch of three', async ({ page }) => {
  test.setTimeout(360_000);
  const generate = await installAndFill(page, '7');
  await expect(region(page, 'History')).toContainText('No videos yet.');
  await generate.getByLabel('Image', { exact: true }).setInputFiles((await images(1))[0]!);
  await generate.getByRole('button', { name: 'Generate' }).click();
  const link = generate.getByRole('link', { name: 'Download MP4' });
  await expect(link).toBeVisible({ timeout: RUN });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const p = probe(writeTemp('newcomer.mp4', readFileSync(await download.path())));
  expect([p.codec, p.width, p.height, p.frames]).toEqual(['h264', 32, 32, 4]);
  await screenshot(generate, 'generate');

  // History: the entry with its thumbnail (alt text: the prompt), prompt and seed; still there after a reload.
  const entry = historyItems(page).first();
  await expect(historyItems(page)).toHaveCount(1);
  await expect(entry.getByRole('img', { name: PROMPT })).toBeVisible();
  await expect(entry).toContainText('seed 7');
  await page.reload();
  await expect(historyItems(page)).toHaveCount(1);
  const thumb = entry.getByRole('img', { name: PROMPT });
  await expect(thumb).toBeVisible();
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(32);

  // Reuse settings puts the entry's prompt and seed back into the changed form and moves the focus there.
  await generate.getByLabel('Prompt', { exact: true }).fill('something else entirely');
  await generate.getByLabel('Seed', { exact: true }).fill('99');
  await entry.getByRole('button', { name: 'Reuse settings' }).click();
  await expect(generate.getByLabel('Prompt', { exact: true })).toHaveValue(PROMPT);
  await expect(generate.getByLabel('Seed', { exact: true })).toHaveValue('7');
  await expect(generate.getByLabel('Prompt', { exact: true })).toBeFocused();

  // Batch: three images, one set of settings; all three done, and three more videos in History.
  const batch = region(page, 'Batch');
  await batch.getByLabel('Batch images').setInputFiles(await images(3));
  await expect(queueItems(page)).toHaveCount(3);
  await batch.getByRole('button', { name: 'Run queue' }).click();
  for (let k = 0; k < 3; k++) await expect(queueItems(page).nth(k)).toContainText('Done', { timeout: RUN });
  await expect(batch.getByRole('status', { name: 'Batch progress' })).toHaveText('Queue finished: 3 done, 0 failed.');
  await expect(queueItems(page).first().getByRole('link', { name: 'Download MP4' })).toBeVisible();
  await expect(historyItems(page)).toHaveCount(4);
  const history = region(page, 'History');
  await expect(history.getByRole('img', { name: PROMPT })).toHaveCount(4);
  await expect(history).toContainText(/Storage used: [\d.]+ KiB for 4 videos/);
  await screenshot(page, 'app');

  // Delete one; Clear history asks first, then empties it for good.
  await historyItems(page).first().getByRole('button', { name: 'Delete' }).click();
  await expect(historyItems(page)).toHaveCount(3);
  await history.getByRole('button', { name: 'Clear history' }).click();
  await expect(history).toContainText('Delete all 3 videos in the history? This cannot be undone.');
  await history.getByRole('button', { name: 'Yes, delete them all' }).click();
  await expect(history).toContainText('No videos yet.');
  await page.reload();
  await expect(region(page, 'History')).toContainText('No videos yet.');
});

test('Cancel pauses a batch, the form’s Cancel leaves it running, and a batch survives a reload in the middle: the waiting images stay queued and Resume finishes them', async ({ page }) => {
  test.setTimeout(300_000);
  await installAndFill(page, '3');
  const batch = region(page, 'Batch');
  const status = batch.getByRole('status', { name: 'Batch progress' });
  await batch.getByLabel('Batch images').setInputFiles(await images(4));
  await batch.getByRole('button', { name: 'Run queue' }).click();
  // Cancel stops the running image and pauses the queue; the others wait.
  await batch.getByRole('button', { name: 'Cancel' }).click();
  await expect(queueItems(page).first()).toContainText('Cancelled', { timeout: RUN });
  await expect(status).toHaveText('Queue paused. Press Resume to go on with the waiting images.');
  for (const k of [1, 2, 3]) await expect(queueItems(page).nth(k)).toContainText('Waiting');

  // While a batch image is being made, a run from the form waits its turn; the form's Cancel stops that run only.
  const generate = region(page, 'Generate');
  await generate.getByLabel('Image', { exact: true }).setInputFiles((await images(1))[0]!);
  await batch.getByRole('button', { name: 'Resume' }).click();
  await expect(queueItems(page).nth(1)).toContainText('Running');
  await generate.getByRole('button', { name: 'Generate' }).click();
  await generate.getByRole('button', { name: 'Cancel' }).click();
  await expect(generate.getByRole('status', { name: 'Generation progress' })).toHaveText('Cancelled.');
  await expect(queueItems(page).nth(1)).toContainText('Done', { timeout: RUN });
  // That video is in History (kept a moment after the item is done); the next image is being made.
  await expect(historyItems(page)).toHaveCount(1);
  await page.reload();

  await expect(queueItems(page)).toHaveCount(4);
  await expect(queueItems(page).first()).toContainText('Cancelled');
  await expect(queueItems(page).nth(1)).toContainText('Done');
  for (const k of [2, 3]) await expect(queueItems(page).nth(k)).toContainText('Waiting');
  await expect(status).toHaveText('2 images from before are waiting. Press Resume to make their videos.');
  await batch.getByRole('button', { name: 'Resume' }).click();
  for (const k of [2, 3]) await expect(queueItems(page).nth(k)).toContainText('Done', { timeout: RUN });
  await expect(status).toHaveText('Queue finished: 3 done, 0 failed.');
  await expect(historyItems(page)).toHaveCount(3);

  await batch.getByRole('button', { name: 'Clear finished' }).click();
  await expect(batch).toContainText('No images queued.');
});
