// Bad inputs in one page session, as a user might give them: files that are not images or not ones we take (by their
// bytes, whatever their names say), images cut short, animated, too large or too small, impossible settings and
// model addresses. Each gets exactly one clear message (role="alert") saying what is wrong, nothing typed is lost,
// and at the end a good image and prompt still make a video.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { CATALOG, type MessageKey } from '../src/app/i18n/catalog.ts';
import { format } from '../src/app/i18n/locale.ts';
import {
  animation,
  apng,
  bmp,
  heicStart,
  hugePng,
  image,
  mp4Start,
  pdf,
  withJpegPrecision,
  zip,
} from '../src/app/image-test-files.ts';
import { expect, test } from './fixtures.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const NAME = 'Tiny demo (random weights)';
const en = (key: MessageKey, vars?: Record<string, string | number>) => format(CATALOG.en[key], vars);

interface FileCase {
  readonly what: string;
  readonly name: string;
  readonly mimeType: string;
  /** Bytes, or a file on disk (over Playwright's 50 MB limit for buffers). */
  readonly file: Buffer | string;
  readonly problem: string;
}

test.use({ webgpu: false });

let dir: string;
let server: StaticServer;
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'localmotion-bad-inputs-'));
  // A server of wrong "bundles": a JSON that is not a manifest, and a manifest.json that is not JSON.
  await writeFile(path.join(dir, 'not-a-manifest.json'), '{"hello": "world"}');
  await writeFile(path.join(dir, 'garbage.json'), 'this is not JSON');
  server = await startStaticServer({ mounts: { '/json/manifest.json': path.join(dir, 'not-a-manifest.json'), '/garbage/manifest.json': path.join(dir, 'garbage.json') } });
});
test.afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The image cases: each is refused with this one message. Consecutive messages differ, so each new one shows the
 *  new file was checked. */
async function refusedFiles(): Promise<FileCase[]> {
  const png = await image(64, 48).png().toBuffer();
  const jpeg = await image(64, 48).jpeg().toBuffer();
  const corruptBody = Buffer.from(await image(64, 48).png().toBuffer());
  const idat = corruptBody.indexOf('IDAT', 0, 'latin1');
  corruptBody.fill(0x55, idat + 6, idat + 40); // the zlib stream inside IDAT: the header is fine, the pixels are not
  const damagedHeader = Buffer.from(png);
  damagedHeader.write('XXXX', 12, 'latin1');
  const big = path.join(dir, 'big.png'); // 60 MB: a PNG signature and zeros
  await writeFile(big, Buffer.concat([png.subarray(0, 8), Buffer.alloc(60 * 1024 * 1024 - 8)]));
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>window.parent.hacked = true</script><rect width="64" height="64"/></svg>';
  return [
    { what: 'zero-byte file', name: 'empty.png', mimeType: 'image/png', file: Buffer.alloc(0), problem: en('image.empty') },
    { what: 'PNG cut inside IDAT', name: 'cut.png', mimeType: 'image/png', file: png.subarray(0, png.length >> 1), problem: en('image.truncated', { format: 'PNG' }) },
    { what: 'JPEG without its end', name: 'cut.jpg', mimeType: 'image/jpeg', file: jpeg.subarray(0, jpeg.length - 200), problem: en('image.truncated', { format: 'JPEG' }) },
    { what: 'text file named .png', name: 'holiday.png', mimeType: 'image/png', file: Buffer.from('Notes from the trip, not a picture.\n'), problem: en('image.text') },
    { what: 'PDF named .jpg', name: 'scan.jpg', mimeType: 'image/jpeg', file: pdf(), problem: en('image.pdf') },
    { what: 'HTML file', name: 'page.html', mimeType: 'text/html', file: Buffer.from('<!doctype html><html><body><img src=x onerror="window.hacked=true"></body></html>'), problem: en('image.html') },
    { what: 'SVG with a script', name: 'logo.svg', mimeType: 'image/svg+xml', file: Buffer.from(svg), problem: en('image.svg') },
    { what: 'ZIP named .png', name: 'photos.png', mimeType: 'image/png', file: zip(), problem: en('image.zip') },
    { what: 'animated GIF', name: 'party.gif', mimeType: 'image/gif', file: await animation('gif', 3), problem: en('image.animated', { format: 'GIF', frames: 3 }) },
    { what: 'animated WebP', name: 'party.webp', mimeType: 'image/webp', file: await animation('webp', 4), problem: en('image.animated', { format: 'WebP', frames: 4 }) },
    { what: 'APNG', name: 'party.png', mimeType: 'image/png', file: apng(await image(40, 32).png().toBuffer(), 3), problem: en('image.animated', { format: 'APNG', frames: 3 }) },
    { what: 'still GIF', name: 'still.gif', mimeType: 'image/gif', file: await image(64, 48).gif().toBuffer(), problem: en('image.unsupported', { format: 'GIF' }) },
    { what: 'TIFF', name: 'scan.tif', mimeType: 'image/tiff', file: await image(64, 48).tiff().toBuffer(), problem: en('image.unsupported', { format: 'TIFF' }) },
    { what: 'BMP', name: 'paint.bmp', mimeType: 'image/bmp', file: bmp(64, 48), problem: en('image.unsupported', { format: 'BMP' }) },
    { what: 'AVIF', name: 'photo.avif', mimeType: 'image/avif', file: await image(64, 48).avif().toBuffer(), problem: en('image.unsupported', { format: 'AVIF' }) },
    { what: 'HEIC', name: 'IMG_0001.HEIC', mimeType: 'image/heic', file: heicStart(), problem: en('image.unsupported', { format: 'HEIC' }) },
    { what: 'MP4 video named .jpg', name: 'clip.jpg', mimeType: 'image/jpeg', file: mp4Start(), problem: en('image.video') },
    { what: '12000 × 12000 PNG', name: 'huge.png', mimeType: 'image/png', file: await hugePng(), problem: en('image.tooBig', { width: 12000, height: 12000, max: 8192 }) },
    { what: '1 × 1 image', name: 'dot.png', mimeType: 'image/png', file: await image(1, 1).png().toBuffer(), problem: en('image.tooSmall', { width: 1, height: 1, min: 16 }) },
    { what: '10000 × 100 panorama', name: 'strip.jpg', mimeType: 'image/jpeg', file: await image(10000, 100).jpeg().toBuffer(), problem: en('image.tooBig', { width: 10000, height: 100, max: 8192 }) },
    { what: '60 MB file', name: 'big.png', mimeType: 'image/png', file: big, problem: en('image.fileTooLarge', { size: 60, max: 50 }) },
    { what: '12-bit JPEG', name: 'deep.jpg', mimeType: 'image/jpeg', file: withJpegPrecision(jpeg, 12), problem: en('image.jpegDepth', { bits: 12 }) },
    { what: 'PNG with a damaged header', name: 'damaged.png', mimeType: 'image/png', file: damagedHeader, problem: en('image.damaged', { format: 'PNG' }) },
    { what: 'PNG with damaged pixel data', name: 'corrupt.png', mimeType: 'image/png', file: corruptBody, problem: en('image.undecodable', { format: 'PNG' }) },
  ];
}

async function choose(input: Locator, c: { name: string; mimeType: string; file: Buffer | string }): Promise<void> {
  await input.setInputFiles(typeof c.file === 'string' ? c.file : { name: c.name, mimeType: c.mimeType, buffer: c.file });
}

/** Exactly one alert in `scope`, with this text. */
async function oneAlert(scope: Locator, text: string | RegExp): Promise<Locator> {
  const alerts = scope.getByRole('alert');
  await expect(alerts).toHaveText([text]);
  return alerts;
}

/** The field is marked invalid and described by its one alert. */
async function fieldHasProblem(scope: Locator, field: Locator, text: string): Promise<void> {
  const alert = await oneAlert(scope, text);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const id = await alert.getAttribute('id');
  expect(id, 'the alert has an id the field points at').toBeTruthy();
  expect((await field.getAttribute('aria-describedby'))?.split(/\s+/)).toContain(id);
}

/** Enters a value as a paste would; a number input refuses text that is not a number, so that is typed key by key
 *  (the input is left empty or holding an unfinished number: "not a number"). */
async function typeInto(field: Locator, value: string): Promise<void> {
  if (value === '' || Number.isFinite(Number(value))) return field.fill(value);
  await field.fill('');
  await field.pressSequentially(value);
}

async function dropFiles(page: Page, target: Locator, files: { name: string; type: string; bytes: number[] }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return dt;
  }, files);
  await target.dispatchEvent('drop', { dataTransfer });
}

test('bad files, prompts, settings and model addresses each get one clear message; the app stays usable', async ({ page }) => {
  test.setTimeout(180_000);
  const started = Date.now();
  const cases = await refusedFiles();
  for (let i = 1; i < cases.length; i++) expect(cases[i]!.problem, `${cases[i]!.what} follows a case with the same message`).not.toBe(cases[i - 1]!.problem);

  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  const generate = page.getByRole('region', { name: 'Generate' });
  await model.getByRole('button', { name: `Install ${NAME}` }).click();
  const imageInput = generate.getByLabel('Image', { exact: true });
  await expect(imageInput).toBeVisible({ timeout: 60_000 });
  const prompt = generate.getByLabel('Prompt', { exact: true });
  const PROMPT = 'a ball rolling slowly to the right';
  await prompt.fill(PROMPT);
  const good = { name: 'good-start.png', mimeType: 'image/png', file: await image(48, 40).png().toBuffer() };
  await choose(imageInput, good);
  await expect(generate).toContainText('good-start.png');
  await expect(generate.getByRole('alert')).toHaveCount(0);

  await test.step('files that are refused', async () => {
    for (const c of cases) {
      await test.step(c.what, async () => {
        await choose(imageInput, c);
        await fieldHasProblem(generate, imageInput, c.problem);
        // Nothing lost: the prompt and the image chosen before stay.
        await expect(prompt).toHaveValue(PROMPT);
        await expect(generate).toContainText('good-start.png');
      });
    }
    expect(await page.evaluate(() => (window as { hacked?: boolean }).hacked), 'no script from the SVG or HTML ran').toBeUndefined();
  });

  await test.step('two files dropped at once', async () => {
    const bytes = [...(await image(64, 48).png().toBuffer())];
    await dropFiles(page, imageInput, [
      { name: 'one.png', type: 'image/png', bytes },
      { name: 'two.png', type: 'image/png', bytes },
    ]);
    // Soft: the steps after this one still run when it fails.
    await expect.soft(generate.getByRole('alert')).toHaveText([en('image.several', { count: 2 })]);
  });

  await test.step('images taken with a notice', async () => {
    const noticed = [
      { name: 'deep-16bit.png', mimeType: 'image/png', file: await image(300, 300).toColourspace('rgb16').png().toBuffer(), notice: en('image.notice.sixteenBit') },
      { name: 'print-cmyk.jpg', mimeType: 'image/jpeg', file: await image(300, 260).toColourspace('cmyk').jpeg().toBuffer(), notice: en('image.notice.cmyk') },
      { name: 'panorama.jpg', mimeType: 'image/jpeg', file: await image(4000, 400).jpeg().toBuffer(), notice: en('image.notice.aspect', { ratio: 10 }) },
      { name: 'tiny-photo.webp', mimeType: 'image/webp', file: await image(100, 80).webp({ lossless: true }).toBuffer(), notice: en('image.notice.small', { width: 100, height: 80 }) },
    ];
    for (const c of noticed) {
      await choose(imageInput, c);
      await expect(generate).toContainText(c.name); // the browser decoded it (CMYK and 16-bit included)
      await expect(generate.getByText(c.notice)).toBeVisible();
      await expect(generate.getByRole('alert')).toHaveCount(0);
      await expect(imageInput).not.toHaveAttribute('aria-invalid', 'true');
    }
    await choose(imageInput, good);
    await expect(generate).toContainText('good-start.png');
  });

  await test.step('prompts: empty, 4000 characters, only spaces; a 1600-character negative prompt', async () => {
    await prompt.fill('');
    await generate.getByRole('button', { name: 'Generate' }).click();
    await fieldHasProblem(generate, prompt, en('settings.promptEmpty'));
    // No run started: a started one says "Starting…" at once.
    await expect(generate.getByRole('status', { name: 'Generation progress' })).toHaveText('');
    await prompt.fill('a cat '.repeat(667).slice(0, 4000));
    await fieldHasProblem(generate, prompt, en('settings.promptLong', { length: 4000, max: 1000 }));
    await prompt.fill('   \n\t  ');
    await fieldHasProblem(generate, prompt, en('settings.promptEmpty'));
    await prompt.fill(PROMPT);
    await expect(generate.getByRole('alert')).toHaveCount(0);
    const negative = generate.getByLabel('Negative prompt', { exact: true });
    await negative.fill('blurry, '.repeat(200));
    await fieldHasProblem(generate, negative, en('settings.promptLong', { length: 1600, max: 1000 }));
    await negative.fill('blurry');
    await expect(generate.getByRole('alert')).toHaveCount(0);
  });

  await test.step('settings out of range or not numbers', async () => {
    const intRange = (min: number, max: number, value: number) => en('settings.intRange', { min, max, value });
    const range = (min: number, max: number, value: number) => en('settings.range', { min, max, value });
    const notNumber = en('settings.notNumber');
    const cases: [label: string, bad: string, message: string, good: string][] = [
      ['Frames', '', notNumber, '4'],
      ['Frames', '0', intRange(2, 32, 0), '4'],
      ['Frames', '1000', intRange(2, 32, 1000), '4'],
      ['Frames', '2.5', intRange(2, 32, 2.5), '4'],
      ['Steps', '0', intRange(1, 200, 0), '4'],
      ['Steps', '500', intRange(1, 200, 500), '4'],
      ['Guidance', '-1', range(0, 30, -1), '9'],
      ['Guidance', '100', range(0, 30, 100), '9'],
      ['Seed', '-5', intRange(0, 2 ** 32 - 1, -5), '7'],
      ['Seed', String(2 ** 32), intRange(0, 2 ** 32 - 1, 2 ** 32), '7'],
      ['Seed', '1e', notNumber, '7'],
      ['Playback fps', '0', intRange(1, 30, 0), '8'],
      ['Motion speed', '1000', intRange(1, 60, 1000), '16'],
    ];
    for (const [label, bad, message, goodValue] of cases) {
      await test.step(`${label} ${JSON.stringify(bad)}`, async () => {
        const field = generate.getByLabel(label, { exact: true });
        await typeInto(field, bad);
        await fieldHasProblem(generate, field, message);
        await typeInto(field, goodValue);
        await expect(generate.getByRole('alert')).toHaveCount(0);
      });
    }
    // Resolution is a list of multiples of 8: a value that is not one cannot be chosen here (settings.test.ts
    // covers one coming from a link or history).
    await expect(generate.getByLabel('Resolution', { exact: true })).toHaveJSProperty('tagName', 'SELECT');
    await expect(prompt).toHaveValue(PROMPT);
  });

  await test.step('model addresses that are not bundles', async () => {
    const address = model.getByLabel('Bundle URL');
    const install = model.getByRole('button', { name: 'Install from URL' });
    const origin = new URL(page.url()).origin;
    const addresses = [
      { what: 'empty', text: '' },
      { what: 'not an address', text: 'http://' },
      { what: 'another scheme', text: 'ftp://example.com/models/' },
      { what: 'javascript:', text: 'javascript:alert(1)' },
      { what: 'the app itself', text: `${origin}/index.html` },
      { what: 'a folder that is not there (404)', text: `${origin}/no-such-model/` },
      { what: 'a JSON that is not a manifest', text: `${server.url}/json/` },
      { what: 'a manifest.json that is not JSON', text: `${server.url}/garbage/manifest.json` },
      { what: 'words', text: 'not a url' },
    ];
    let previous = '';
    for (const a of addresses) {
      await test.step(a.what, async () => {
        await address.fill(a.text);
        await install.click();
        // The address is checked as typed, or the download fails: either way one new message (the last one stays
        // until the next try, so wait for a different text).
        const alerts = model.getByRole('alert');
        await expect(async () => {
          const texts = await alerts.allInnerTexts();
          expect(texts).toHaveLength(1);
          expect(texts[0]).not.toBe(previous);
          expect(texts[0]!.trim().length, 'a message that says something').toBeGreaterThan(10);
        }).toPass({ timeout: 15_000 });
        previous = await alerts.innerText();
        const dismiss = model.getByRole('button', { name: /^Dismiss/ });
        if (await dismiss.count()) {
          await dismiss.click();
          await expect(alerts).toHaveCount(0);
          previous = '';
        }
      });
    }
    await expect(model.getByRole('list', { name: 'Installed models' })).toContainText(NAME);
  });

  await test.step('after all that, a good image and prompt still make a video', async () => {
    await expect(prompt).toHaveValue(PROMPT);
    await generate.getByLabel('Preset').selectOption('quick');
    await generate.getByLabel('Seed', { exact: true }).fill('7');
    await generate.getByRole('button', { name: 'Generate' }).click();
    await expect(generate.getByRole('link', { name: 'Download MP4' })).toBeVisible({ timeout: 120_000 });
    await expect(generate.getByRole('alert')).toHaveCount(0);
  });
  console.log(`bad inputs: ${cases.length} refused files + drop + notices + prompts + settings + addresses in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
