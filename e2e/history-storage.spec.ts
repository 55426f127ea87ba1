// History when the browser will not store a video: the origin's storage is full (a QuotaExceededError from
// IndexedDB, injected here for the history database only, since filling a real profile's quota takes gigabytes).
// The page says so once, in the History region, and the video just made is still shown with its download link.
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';

test.use({ webgpu: false });

test('a full storage: one clear message in History, and the run’s video is still there to download', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.transaction.db.name === 'localmotion-history') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await page.goto('/');
  await page.getByRole('region', { name: 'Model' }).getByRole('button', { name: 'Install Tiny demo (random weights)' }).click();
  const generate = page.getByRole('region', { name: 'Generate' });
  const image = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#3a7' } }).png().toBuffer();
  await generate.getByLabel('Image', { exact: true }).setInputFiles({ name: 'green.png', mimeType: 'image/png', buffer: image });
  await generate.getByLabel('Prompt', { exact: true }).fill('leaves moving in the wind');
  await generate.getByLabel('Preset').selectOption('quick');
  await generate.getByRole('button', { name: 'Generate' }).click();

  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('alert')).toHaveText(/storage for this site is full/, { timeout: 60_000 });
  await expect(history.getByRole('alert')).toHaveCount(1);
  await expect(history).toContainText('No videos yet.');
  await expect(generate.getByRole('link', { name: 'Download MP4' })).toBeVisible();
});
