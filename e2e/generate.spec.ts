// Making a video in the built app, as a newcomer would: install the demo model, pick an image, write a prompt, choose
// the quick preset, generate (the engine worker; wasm here, WebGPU on SwiftShader is minutes), watch the progress,
// download the MP4 (ffprobe judges it); cancel stops a run and the next one works.
import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { probe, removeTemp, writeTemp } from '../src/video/ffmpeg-test-support.ts';
import { expect, test } from './fixtures.ts';

const NAME = 'Tiny demo (random weights)';

test.use({ webgpu: false });
test.afterAll(() => removeTemp());

async function testPng(): Promise<Buffer> {
  const width = 48;
  const height = 40;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([(x * 5) % 256, (y * 6) % 256, ((x + y) * 3) % 256], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

test('install the demo model, pick an image, generate with the quick preset, download the MP4; cancel stops a run', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  const generate = page.getByRole('region', { name: 'Generate' });
  await expect(generate).toContainText('Install a model above to make a video.');
  await page.getByRole('region', { name: 'Model' }).getByRole('button', { name: `Install ${NAME}` }).click();

  await generate.getByLabel('Image', { exact: true }).setInputFiles({ name: 'picture.png', mimeType: 'image/png', buffer: await testPng() });
  await expect(generate.getByRole('img', { name: 'Your chosen start frame' })).toBeVisible();
  await generate.getByLabel('Prompt', { exact: true }).fill('a ball rolling slowly to the right');
  await generate.getByLabel('Preset').selectOption('quick');
  await generate.getByLabel('Seed').fill('7');
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(generate.getByRole('status', { name: 'Generation progress' })).toContainText(/Denoising: \d of 4|Decoding|Encoding|Reading/, { timeout: 60_000 });
  const link = generate.getByRole('link', { name: 'Download MP4' });
  await expect(link).toBeVisible({ timeout: 120_000 });
  await expect(generate.getByRole('figure')).toContainText('4 frames');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('localmotion-7.mp4');
  const p = probe(writeTemp('app.mp4', readFileSync(await download.path())));
  expect([p.codec, p.width, p.height, p.frames, p.fps]).toEqual(['h264', 32, 32, 4, 8]);

  // Cancel mid-run: the app says so and stays usable; the next generation works.
  await generate.getByLabel('Preset').selectOption('fast'); // 512 px: long enough to cancel on wasm
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(generate.getByRole('status', { name: 'Generation progress' })).toContainText(/Reading|Denoising/, { timeout: 60_000 });
  await generate.getByRole('button', { name: 'Cancel' }).click();
  await expect(generate.getByRole('status', { name: 'Generation progress' })).toHaveText('Cancelled.', { timeout: 60_000 });
  await expect(generate.getByRole('alert')).toHaveCount(0);
  await generate.getByLabel('Preset').selectOption('quick');
  await generate.getByLabel('Seed').fill('8');
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(generate.getByRole('figure')).toContainText('seed 8', { timeout: 120_000 });
});
