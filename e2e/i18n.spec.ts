// The page in Simplified Chinese: switched with the header's language select, every text a user can see or hear in
// the main states (no model, model installed, image chosen, problems shown, a video made with History and Batch) is
// Chinese, apart from names and units; back in English the texts are English again. A browser set to Chinese opens
// the page in Chinese, and the choice made in the select outlives a reload.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { CATALOG } from '../src/app/i18n/catalog.ts';
import { image } from '../src/app/image-test-files.ts';
import { expect, test } from './fixtures.ts';
import { pageTexts } from './support/page-texts.ts';

const NAME = 'Tiny demo (random weights)';

/** Names and units that stay as they are in Chinese. Model names come from the bundle index. */
const NAMES = [
  'LocalMotion', 'WebGPU', 'WebCodecs', 'WebAssembly', 'wasm', 'SharedArrayBuffer', 'IndexedDB', 'ONNX', 'I2VGen-XL',
  'MP4', 'WebM', 'GIF', 'PNG', 'JPEG', 'WebP', 'APNG', 'SVG', 'PDF', 'ZIP', 'HTML', 'BMP', 'TIFF', 'AVIF', 'HEIC', 'XL',
  'H.264', 'VP9', 'AV1', 'CMYK', 'RGB', 'MiB', 'GiB', 'KiB', 'MB', 'GB', 'KB', 'TB', 'px', 'fps', 'ms',
  'DDIM', 'DPM-Solver++', 'shader-f16', 'fp16', 'fp32', 'q4f16', 'q4f32', 'GPU', 'CPU', 'URL', 'HTTP', 'HTTPS',
  'Chrome', 'Chromium', 'Edge', 'Safari', 'Firefox', 'SwiftShader', 'Windows', 'macOS', 'ChromeOS', 'Android', 'iOS',
  'iPadOS', 'Linux', 'Ctrl', 'Mac',
];
const MODEL_NAMES: string[] = (JSON.parse(readFileSync('public/models/index.json', 'utf8')) as { bundles: { name: string }[] }).bundles.map((b) => b.name);

/** What the user typed or chose (a prompt, file names): shown back as it is, in any language. */
const PROMPT = 'a ball rolling slowly to the right';
const USER_TEXTS = [PROMPT, 'start.png', 'notes.png'];

/** The English words in a text with no Chinese in it, once names, units, numbers, addresses, file names and what the
 *  user typed are taken out. A Chinese sentence may quote English on purpose (the model reads English prompts, so
 *  the examples stay English), so only text without any Chinese counts as untranslated. */
function englishWords(text: string): string[] {
  if (text === 'English') return []; // the language select's own option
  let rest = text;
  for (const name of [...USER_TEXTS, ...MODEL_NAMES, ...NAMES].sort((a, b) => b.length - a.length)) rest = rest.split(name).join(' ');
  if (/[\u3400-\u9fff]/.test(rest)) return [];
  rest = rest
    .replace(/\b[a-z][\w+.-]*:\/\/\S+/gi, ' ') // addresses
    .replace(/\S+\.(json|onnx|data|mp4|webm|gif|png|jpe?g|webp|safetensors|txt)\b/gi, ' ') // file names
    .replace(/\b(avc1|vp09|vp8|av01|hev1|hvc1)\.[\w.]+/gi, ' ') // codec strings
    .replace(/\b[0-9a-f]{8,}\b/gi, ' '); // hashes
  return rest.match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? [];
}

test.use({ webgpu: false });

async function smallPng(): Promise<Buffer> {
  return image(48, 40).png().toBuffer();
}

async function switchTo(page: Page, locale: 'en' | 'zh-CN'): Promise<void> {
  await page.locator('header select').selectOption(locale);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

test('in 简体中文 no text on the page is left in English, in every main state; English comes back', async ({ page }) => {
  test.setTimeout(180_000);
  const left = new Map<string, Set<string>>(); // English text → where and in which state
  /** Switches to Chinese, opens every <details>, notes every text with English words in it, switches back. */
  const walk = async (state: string) => {
    await switchTo(page, 'zh-CN');
    await page.locator('details:not([open]) > summary').evaluateAll((summaries) => summaries.forEach((s) => (s.parentElement as HTMLDetailsElement).open = true));
    for (const { text, where } of await pageTexts(page)) {
      const words = englishWords(text);
      if (words.length === 0) continue;
      const key = text.length > 160 ? `${text.slice(0, 160)}…` : text;
      if (!left.has(key)) left.set(key, new Set());
      left.get(key)!.add(`${state}: ${where}`);
    }
    await switchTo(page, 'en');
  };

  await page.goto('/');
  await expect(page.getByLabel('Language')).toHaveValue('en');
  const model = page.getByRole('region', { name: 'Model' });
  const generate = page.getByRole('region', { name: 'Generate' });
  await expect(model.getByRole('button', { name: `Install ${NAME}` })).toBeVisible();
  await walk('no model');

  await model.getByRole('button', { name: `Install ${NAME}` }).click();
  const imageInput = generate.getByLabel('Image', { exact: true });
  await expect(imageInput).toBeVisible({ timeout: 60_000 });
  await expect(model.getByRole('list', { name: 'Installed models' })).toContainText(NAME);
  await walk('model installed');

  await imageInput.setInputFiles({ name: 'start.png', mimeType: 'image/png', buffer: await smallPng() });
  await expect(generate).toContainText('start.png');
  await walk('image chosen');

  // Problems: Generate with no prompt, then a file that is not an image.
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(generate.getByRole('alert')).toHaveCount(1);
  await imageInput.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  await expect(generate.getByRole('alert')).toHaveCount(2);
  await walk('problems shown');

  await imageInput.setInputFiles({ name: 'start.png', mimeType: 'image/png', buffer: await smallPng() });
  await generate.getByLabel('Prompt', { exact: true }).fill(PROMPT);
  await generate.getByLabel('Preset').selectOption('quick');
  await generate.getByLabel('Seed', { exact: true }).fill('7');
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(generate.getByRole('link', { name: 'Download MP4' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('region', { name: 'History' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Batch' })).toBeVisible();
  await walk('video made');

  const report = [...left].map(([text, places]) => `${JSON.stringify(text)}\n      at ${[...places].slice(0, 3).join('\n      at ')}`);
  if (report.length) console.log(`English texts left in the Chinese page (${report.length}):\n  ${report.join('\n  ')}`);
  expect.soft(report, 'texts still in English on the Chinese page').toEqual([]);

  // Back in English (walk() ends there): the header, the regions and the form speak English again.
  await expect(page.locator('header')).toContainText(CATALOG.en['app.tagline']);
  await expect(page.getByLabel('Language')).toHaveValue('en');
  for (const region of ['Compatibility', 'Model', 'Generate', 'History', 'Batch']) await expect(page.getByRole('region', { name: region })).toBeVisible();
  await expect(generate.getByRole('button', { name: 'Generate' })).toBeVisible();
  await expect(generate.getByLabel('Prompt', { exact: true })).toBeVisible();
});

test.describe('a browser set to Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('opens the page in Chinese; a language chosen in the select outlives a reload', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    const select = page.getByLabel('语言');
    await expect(select).toHaveValue('zh-CN');
    await expect(page.locator('header')).toContainText(CATALOG['zh-CN']['app.tagline']);

    await select.selectOption('en');
    await expect(page.locator('header')).toContainText(CATALOG.en['app.tagline']);
    await page.reload();
    await expect(page.getByLabel('Language')).toHaveValue('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.getByLabel('Language').selectOption('zh-CN');
    await page.reload();
    await expect(page.getByLabel('语言')).toHaveValue('zh-CN');
  });
});

