// The app by keyboard and screen reader: every control (input, select, textarea, button, link) has an accessible name
// in each state of the quick flow; Tab reaches the key controls in reading order; and the whole quick flow (install
// the demo model, choose an image, write a prompt, generate, download) is done with Tab, Enter, Space and typing
// alone (the file itself is picked in the file chooser the keyboard opens).
import type { FileChooser, Locator, Page } from '@playwright/test';
import { image } from '../src/app/image-test-files.ts';
import { expect, test } from './fixtures.ts';
import { roleAndName, unnamedControls } from './support/accessible-names.ts';

const NAME = 'Tiny demo (random weights)';

test.use({ webgpu: false });

async function expectAllNamed(page: Page, atLeast: number, state: string): Promise<void> {
  const { unnamed, controls } = await unnamedControls(page);
  expect(controls, `controls on the page ${state}`).toBeGreaterThanOrEqual(atLeast);
  expect(unnamed, `controls without an accessible name ${state}`).toEqual([]);
}

/** Presses Tab (or Shift+Tab) until `target` has the focus, at most `limit` times; returns the names focused on the
 *  way. */
async function tabTo(page: Page, target: Locator, limit = 80, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return seen;
    await page.keyboard.press(key);
    const focused = page.locator(':focus');
    seen.push((await focused.count()) ? (await roleAndName(focused)).name : '(nothing)');
  }
  throw new Error(`Tab never reached ${target}; focused on the way: ${seen.join(' → ')}`);
}

/** Space on the focused file input opens the file chooser. Headless Chromium once let a Space press go by without a
 *  chooser on a loaded CI machine (the input had the focus); a person would press again, and so does this, saying so. */
async function openChooserBySpace(page: Page): Promise<FileChooser> {
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await page.keyboard.press('Space');
    try {
      return await chooser;
    } catch (e) {
      if (attempt === 3) throw e;
      console.log(`Space opened no file chooser within 15 s (press ${attempt}); pressing it again`);
    }
  }
}

test('every control has a name, Tab follows the page, and the quick flow works by keyboard alone', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  const generate = page.getByRole('region', { name: 'Generate' });
  const install = model.getByRole('button', { name: `Install ${NAME}` });
  await expect(install).toBeVisible();
  await expectAllNamed(page, 5, '(no model yet)');

  // The language switch comes first, then the Model region's install button: Enter installs.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Language')).toBeFocused();
  await tabTo(page, install);
  await page.keyboard.press('Enter');
  const imageInput = generate.getByLabel('Image', { exact: true });
  await expect(imageInput).toBeVisible({ timeout: 60_000 });

  // Reading order from the image to Generate: the form's key controls, each reached once, in this order.
  await tabTo(page, imageInput);
  const order = ['Prompt', 'Negative prompt', 'Preset', 'Resolution', 'Aspect ratio', 'Frames', 'Playback fps', 'Motion speed', 'Steps', 'Guidance', 'Sampler', 'Seed', 'Random seed', 'Loop', 'Generate'];
  const visited = await tabTo(page, generate.getByRole('button', { name: 'Generate' }));
  const positions = order.map((name) => visited.indexOf(name));
  expect(
    order.map((name, i) => [name, positions[i]! >= 0 && (i === 0 || positions[i]! > positions[i - 1]!)]),
    `Tab order from Image to Generate: ${visited.join(' → ')}`,
  ).toEqual(order.map((name) => [name, true]));

  // Choose the image from the keyboard: Space on the file input opens the chooser.
  await tabTo(page, imageInput, 80, 'Shift+Tab');
  const chooser = await openChooserBySpace(page);
  await chooser.setFiles({ name: 'start.png', mimeType: 'image/png', buffer: await image(48, 40).png().toBuffer() });
  await expect(generate).toContainText('start.png');
  await expectAllNamed(page, 25, '(model installed, image chosen)');

  await tabTo(page, generate.getByLabel('Prompt', { exact: true }));
  await page.keyboard.type('a ball rolling slowly to the right');
  const preset = generate.getByLabel('Preset');
  await tabTo(page, preset);
  await page.keyboard.press('ArrowDown');
  await expect(preset).not.toHaveValue('quick');
  await page.keyboard.press('ArrowUp');
  await expect(preset).toHaveValue('quick');
  const seed = generate.getByLabel('Seed', { exact: true });
  await tabTo(page, seed);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('7');
  await expect(seed).toHaveValue('7');
  await tabTo(page, generate.getByRole('button', { name: 'Generate' }));
  await page.keyboard.press('Enter');

  const mp4 = generate.getByRole('link', { name: 'Download MP4' });
  await expect(mp4).toBeVisible({ timeout: 120_000 });
  await tabTo(page, mp4, 120);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toBe('localmotion-7.mp4');
  await expectAllNamed(page, 30, '(video made, History and Batch)');
});
