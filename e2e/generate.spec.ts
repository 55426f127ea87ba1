// The Generate form in the built app, on the demo model and the wasm backend (WebGPU on SwiftShader is minutes):
// pick an image and see the crop the model gets, fill the prompt from an example, generate with the quick preset
// while progress shows, download the MP4 (ffprobe: H.264, 32×32, 4 frames, 8 fps), WebM and GIF made on the page;
// 16:9 makes a wider video, and a prompt over CLIP's 77 tokens is reported cut. Then: paste and drop an image, a
// rejected file keeps the previous one, problems sit beside their fields, the memory pre-flight offers a setting
// that fits, and cancel stops a run without breaking the next.
import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { probe, removeTemp, writeTemp } from '../src/video/ffmpeg-test-support.ts';
import { expect, test } from './fixtures.ts';

const NAME = 'Tiny demo (random weights)';

test.use({ webgpu: false });
test.afterAll(() => removeTemp());
// About 25 s each on an idle two-core machine; the margin is for a busy one.
test.describe.configure({ timeout: 180_000 });

async function testPng(width = 48, height = 40): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([(x * 5) % 256, (y * 6) % 256, ((x + y) * 3) % 256], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** Opens the app with the demo model installed; returns the Generate region. */
async function withDemoModel(page: Page): Promise<Locator> {
  await page.goto('/');
  const generate = page.getByRole('region', { name: 'Generate' });
  await expect(generate).toContainText('Install a model above to make a video.');
  await page.getByRole('region', { name: 'Model' }).getByRole('button', { name: `Install ${NAME}` }).click();
  await expect(generate.getByLabel('Image', { exact: true })).toBeVisible({ timeout: 60_000 });
  return generate;
}

async function download(page: Page, link: Locator, name: string): Promise<{ download: Download; file: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { download, file: writeTemp(name, readFileSync(await download.path())) };
}

test('pick an image, see the crop, use an example prompt, generate quick, download MP4, WebM and GIF; 16:9 is wider; a long prompt is reported cut', async ({ page }) => {
  const generate = await withDemoModel(page);
  await generate.getByLabel('Image', { exact: true }).setInputFiles({ name: 'picture.png', mimeType: 'image/png', buffer: await testPng() });
  const crop = generate.getByRole('figure', { name: 'Crop preview' });
  await expect(crop.getByRole('img', { name: 'Your chosen start frame' })).toBeVisible();
  await expect(crop).toContainText('32 × 32 pixels');
  await expect(generate).toContainText('picture.png, 48 × 40 pixels');
  await expect(generate).toContainText(/Estimated memory: [\d.]+ MiB of about 4 GiB\./);

  await generate.getByRole('button', { name: 'a cat slowly turning its head toward the camera' }).click();
  await expect(generate.getByLabel('Prompt', { exact: true })).toHaveValue('a cat slowly turning its head toward the camera');
  await expect(generate).toContainText('47 / 1000 characters');
  // The form starts on quick: another preset first, so choosing quick visibly sets its values.
  await generate.getByLabel('Preset').selectOption('fast');
  await expect(generate.getByLabel('Steps')).toHaveValue('30');
  await expect(generate.getByLabel('Frames')).toHaveValue('8');
  await generate.getByLabel('Preset').selectOption('quick');
  await expect(generate.getByLabel('Steps')).toHaveValue('4');
  await expect(generate.getByLabel('Frames')).toHaveValue('4');
  await generate.getByLabel('Seed', { exact: true }).fill('7');

  const status = generate.getByRole('status', { name: 'Generation progress' });
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(status).toContainText(/Loading the model|Reading|Denoising: step \d of 4|Decoding|Encoding/);
  await expect(status).toContainText(/Done in [\d.]+ s\./, { timeout: 90_000 });
  const result = generate.getByRole('figure', { name: 'Your video' });
  await expect(result.getByLabel('Generated video')).toBeVisible();
  await expect(result).toContainText('32 × 32 pixels');

  const mp4 = await download(page, result.getByRole('link', { name: 'Download MP4' }), 'app.mp4');
  expect(mp4.download.suggestedFilename()).toBe('localmotion-7.mp4');
  const p = probe(mp4.file);
  expect([p.codec, p.width, p.height, p.frames, p.fps]).toEqual(['h264', 32, 32, 4, 8]);

  const webm = await download(page, result.getByRole('link', { name: 'Download WebM' }), 'app.webm');
  expect(webm.download.suggestedFilename()).toBe('localmotion-7.webm');
  const w = probe(webm.file);
  expect(['vp9', 'vp8', 'av1']).toContain(w.codec);
  expect([w.width, w.height, w.frames]).toEqual([32, 32, 4]);

  const gif = await download(page, result.getByRole('link', { name: 'Download GIF' }), 'app.gif');
  expect(gif.download.suggestedFilename()).toBe('localmotion-7.gif');
  const g = probe(gif.file);
  expect([g.codec, g.width, g.height, g.frames]).toEqual(['gif', 32, 32, 4]);

  // A custom aspect at the quick size: the preset becomes Custom, the crop and the video are wider. The prompt is
  // longer than CLIP's 77 tokens (it fits the form's 1000 characters): the run says only its beginning was used.
  const cut = 'The prompt is longer than the model reads (77 tokens, about 60 words): only its beginning is used.';
  await expect(generate).not.toContainText(cut);
  await generate.getByLabel('Prompt', { exact: true }).fill('a cat slowly turning its head toward the camera, '.repeat(10));
  await generate.getByLabel('Aspect ratio').selectOption('16:9');
  await expect(generate.getByLabel('Preset')).toHaveValue('custom');
  await expect(crop).toContainText('56 × 32 pixels');
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(result).toContainText('56 × 32 pixels', { timeout: 60_000 });
  await expect(generate).toContainText(cut);
  const wide = probe((await download(page, result.getByRole('link', { name: 'Download MP4' }), 'wide.mp4')).file);
  expect([wide.width, wide.height, wide.frames]).toEqual([56, 32, 4]);
});

test('paste or drop an image; problems beside their fields; the memory check offers a fit; cancel, then run again', async ({ page }) => {
  const generate = await withDemoModel(page);

  // Paste: an image in the clipboard becomes the start frame.
  const png = (await testPng(64, 36)).toString('base64');
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png);
  await expect(generate).toContainText('pasted.png, 64 × 36 pixels');
  await expect(generate.getByRole('figure', { name: 'Crop preview' })).toContainText('32 × 32 pixels');

  // Drop: a file dropped on the zone replaces it.
  const dropped = [...(await testPng(40, 48))];
  const data = await page.evaluateHandle((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
    return dt;
  }, dropped);
  await generate.getByRole('group', { name: 'Image drop zone' }).dispatchEvent('drop', { dataTransfer: data });
  await expect(generate).toContainText('dropped.png, 40 × 48 pixels');

  // A rejected file shows one problem under Image and keeps the image before it.
  await generate.getByLabel('Image', { exact: true }).setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
  await expect(generate.getByRole('alert')).toHaveCount(1);
  await expect(generate.getByLabel('Image', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(generate).toContainText('dropped.png, 40 × 48 pixels');

  // Generate with no prompt and a cleared Frames field: one problem beside each, nothing cleared.
  await generate.getByLabel('Frames').fill('');
  await generate.getByRole('button', { name: 'Generate' }).click();
  const prompt = generate.getByLabel('Prompt', { exact: true });
  await expect(prompt).toHaveAttribute('aria-invalid', 'true');
  await expect(prompt).toBeFocused();
  await expect(generate.getByRole('alert').filter({ hasText: 'Write a prompt' })).toHaveCount(1);
  await expect(generate.getByRole('alert').filter({ hasText: 'Enter a number.' })).toHaveCount(1);
  await expect(generate.getByLabel('Frames')).toHaveAttribute('aria-describedby', /generate-frames-problem/);
  await prompt.fill('waves rolling gently to the left');
  await generate.getByLabel('Frames').fill('4');
  // Typed key by key, an unfinished number ("7.") is left as it is.
  await generate.getByLabel('Guidance').fill('');
  await generate.getByLabel('Guidance').pressSequentially('7.5');
  await expect(generate.getByLabel('Guidance')).toHaveValue('7.5');
  await expect(generate.getByRole('alert').filter({ hasText: /Write a prompt|Enter a number/ })).toHaveCount(0);

  // The memory pre-flight: 512 px on the demo model does not fit wasm's 4 GiB; one click lowers the resolution.
  await generate.getByLabel('Resolution').selectOption('512');
  await expect(generate).toContainText(/These settings need about [\d.]+ GiB, more than the budget of 4 GiB/);
  await generate.getByRole('button', { name: 'Use 256p, 4 frames' }).click();
  await expect(generate.getByLabel('Resolution')).toHaveValue('256');
  await expect(generate).not.toContainText('These settings need about');

  // Cancel a long run (the quick size with many steps): the app says so and the next run works.
  await generate.getByLabel('Preset').selectOption('quick');
  await generate.getByLabel('Steps').fill('200');
  const status = generate.getByRole('status', { name: 'Generation progress' });
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(status).toContainText(/Denoising: step \d+ of 200/, { timeout: 90_000 });
  await generate.getByRole('button', { name: 'Cancel' }).click();
  await expect(status).toHaveText('Cancelled.', { timeout: 30_000 });
  await expect(generate.getByRole('alert')).toHaveCount(0);
  await expect(prompt).toHaveValue('waves rolling gently to the left');

  await generate.getByLabel('Preset').selectOption('quick');
  await generate.getByLabel('Seed', { exact: true }).fill('8');
  await generate.getByRole('button', { name: 'Generate' }).click();
  const result = generate.getByRole('figure', { name: 'Your video' });
  await expect(result.locator('dt:text-is("Seed") + dd')).toHaveText('8', { timeout: 60_000 });
  await expect(status).toContainText(/Done in/);
  await expect(result.getByRole('link', { name: 'Download MP4' })).toHaveAttribute('download', 'localmotion-8.mp4');
});
