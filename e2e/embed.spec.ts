// Embedding: the embed demo page (on the app's origin) makes videos through a plain iframe speaking postMessage and
// through the <localmotion-generator> element, and hears about the visitor's own runs in the frame; a page on
// another origin that the frame was not told about gets no answer; the element's generate() fails
// with a code when its frame never gets ready or the element is removed.
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const NAME = 'Tiny demo (random weights)';

test.use({ webgpu: false });

async function testPng(): Promise<Buffer> {
  const width = 40;
  const height = 40;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.set([(i * 7) % 256, (i * 3) % 256, 128], i * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** What the page has heard from frames: every LocalMotion message, with a result's video checked in the page. */
interface Heard {
  type: string;
  id: unknown;
  stage?: string;
  mimeType?: string;
  videoType?: string;
  videoBytes?: number;
  ftyp?: boolean;
  width?: number;
  frameCount?: number;
}

/** Starts recording LocalMotion messages that reach the top page (window.__heard). */
function listen(): void {
  const w = window as unknown as { __heard: Heard[] };
  w.__heard = [];
  addEventListener('message', (event: MessageEvent) => {
    const d = event.data as Record<string, unknown> | null;
    if (typeof d?.type !== 'string' || !d.type.startsWith('localmotion:')) return;
    const entry: Heard = { type: d.type, id: d.id, ...(typeof d.stage === 'string' ? { stage: d.stage } : {}) };
    w.__heard.push(entry);
    if (d.video instanceof Blob) {
      const video = d.video;
      Object.assign(entry, { mimeType: d.mimeType, videoType: video.type, videoBytes: video.size, width: d.width, frameCount: d.frameCount });
      // An MP4 starts with a box whose type is 'ftyp'.
      void video.slice(4, 8).text().then((box) => (entry.ftyp = box === 'ftyp'));
    }
  });
}

const heard = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __heard: Heard[] }).__heard);

test('the embed demo makes a video through the iframe and through the element, and hears the visitor’s own run', async ({ page }) => {
  test.setTimeout(240_000);
  await page.addInitScript(listen);
  await page.goto('/embed-demo.html');
  const log = page.getByRole('list', { name: 'Messages received' });
  await expect(log).toContainText('iframe localmotion:ready');
  await expect(log).toContainText('element localmotion:ready');

  // The frame shows the model install part while nothing is installed; install there (same origin, same storage).
  const frame = page.frameLocator('#demo-frame');
  await frame.getByRole('button', { name: `Install ${NAME}` }).click();
  await expect(frame.getByRole('region', { name: 'Generate' }).getByLabel('Prompt', { exact: true })).toBeVisible({ timeout: 60_000 });

  // 1. The plain iframe, driven by postMessage.
  const started = Date.now();
  await page.getByLabel('Picture to send').setInputFiles({ name: 'ball.png', mimeType: 'image/png', buffer: await testPng() });
  await page.getByRole('button', { name: 'Generate with the iframe' }).click();
  await expect.poll(async () => (await heard(page)).find((m) => m.type === 'localmotion:result' && m.id === 'demo-1')?.ftyp, { timeout: 120_000 }).toBe(true);
  const viaFrame = await heard(page);
  expect(viaFrame.filter((m) => m.type === 'localmotion:progress' && m.id === 'demo-1').map((m) => m.stage)).toContain('denoise');
  expect(viaFrame.find((m) => m.id === 'demo-1' && m.type === 'localmotion:result')).toMatchObject({ mimeType: 'video/mp4', videoType: 'video/mp4', width: 32, frameCount: 4 });
  expect(viaFrame.find((m) => m.id === 'demo-1' && m.type === 'localmotion:result')!.videoBytes).toBeGreaterThan(500);
  await expect(page.getByLabel('Video made by iframe')).toBeVisible();
  console.log(`iframe: model load + quick run in ${Date.now() - started} ms`);

  // 2. The custom element: generate() resolves with the result, and its DOM events carry the messages.
  const t2 = Date.now();
  const fromElement = await page.evaluate(async () => {
    const element = document.querySelector('localmotion-generator')!;
    const events: string[] = [];
    for (const type of ['localmotion-progress', 'localmotion-result']) element.addEventListener(type, () => events.push(type));
    const file = document.querySelector<HTMLInputElement>('#demo-image')!.files![0]!;
    const r = await element.generate(file, 'a ball rolling slowly to the right', { seed: 11 });
    return { events: [...new Set(events)], type: r.video.type, bytes: r.video.size, mimeType: r.mimeType, seed: r.seed, frameCount: r.frameCount, preset: r.settings.preset };
  });
  expect(fromElement).toMatchObject({ events: ['localmotion-progress', 'localmotion-result'], type: 'video/mp4', mimeType: 'video/mp4', seed: 11, frameCount: 4, preset: 'quick' });
  expect(fromElement.bytes).toBeGreaterThan(500);
  console.log(`element: quick run in ${Date.now() - t2} ms`);

  // 3. The visitor's own run in the frame's form reaches the page too (id null).
  const t3 = Date.now();
  const form = frame.getByRole('region', { name: 'Generate' });
  await form.getByLabel('Image', { exact: true }).setInputFiles({ name: 'ball.png', mimeType: 'image/png', buffer: await testPng() });
  await form.getByLabel('Prompt', { exact: true }).fill('a ball bouncing');
  await form.getByRole('button', { name: 'Generate' }).click();
  await expect(form.getByRole('link', { name: 'Download MP4' })).toBeVisible({ timeout: 120_000 });
  await expect.poll(async () => (await heard(page)).find((m) => m.type === 'localmotion:result' && m.id === null)?.ftyp, { timeout: 10_000 }).toBe(true);
  expect((await heard(page)).some((m) => m.type === 'localmotion:progress' && m.id === null)).toBe(true);
  console.log(`visitor run in the frame: ${Date.now() - t3} ms`);
});

let foreign: StaticServer | undefined;
test.afterAll(async () => foreign?.close());

test('a page on another origin gets no answer from a frame whose host is someone else', async ({ page, baseURL }) => {
  const app = new URL(baseURL!).origin;
  // The same page embeds the app twice: once naming a third origin as its host (the case under test), once naming
  // itself (the control: that frame must answer, so silence from the first is the origin check, not a broken page).
  const html = `<!doctype html><meta charset="utf-8"><title>foreign</title>
<script>
  window.__heard = [];
  const frames = {};
  for (const [id, host] of [['other', 'http://127.0.0.1:9'], ['self', location.origin]]) {
    frames[id] = Object.assign(document.createElement('iframe'), { id, src: '${app}/?embed=1&host=' + encodeURIComponent(host) });
    document.documentElement.append(frames[id]);
  }
  addEventListener('message', (e) => {
    const from = Object.keys(frames).find((id) => frames[id].contentWindow === e.source) ?? 'unknown';
    window.__heard.push({ from, origin: e.origin, type: e.data && e.data.type, id: e.data && e.data.id, code: e.data && e.data.code, message: e.data && e.data.message });
  });
  window.send = (png) => {
    const image = new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' });
    for (const id of Object.keys(frames)) {
      frames[id].contentWindow.postMessage({ type: 'localmotion:generate', id: id + '-1', image, prompt: 'a ball', settings: { preset: 'quick' } }, '*');
    }
  };
</script>`;
  foreign = await startStaticServer({ pages: { '/': html } });

  await page.goto(`${foreign.url}/`);
  const other = page.frameLocator('#other');
  const control = page.frameLocator('#self');
  await expect(control.getByRole('region', { name: 'Generate' })).toBeVisible({ timeout: 30_000 });
  await expect(other.getByRole('region', { name: 'Generate' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __heard: { type: string }[] }).__heard.map((m) => m.type))).toContain('localmotion:ready');

  await page.evaluate((png) => (window as unknown as { send: (png: string) => void }).send(png), (await testPng()).toString('base64'));
  // The control frame answers: no-model (this site's frame has no model; where the browser keeps storage from
  // third-party frames, the message says so).
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __heard: { from: string; type: string; code?: string }[] }).__heard.filter((m) => m.from === 'self' && m.type === 'localmotion:error')))
    .toEqual([expect.objectContaining({ from: 'self', origin: app, type: 'localmotion:error', id: 'self-1', code: 'no-model' })]);
  await page.waitForTimeout(1000);
  const fromOther = await page.evaluate(() => (window as unknown as { __heard: { from: string }[] }).__heard.filter((m) => m.from !== 'self'));
  expect(fromOther).toEqual([]);
});

test('the frame takes its defaults from the URL and names the parameters it could not use, once', async ({ page }) => {
  await page.goto('/?embed=1&lang=zh-CN&prompt=%E7%8C%AB%E8%BD%AC%E5%A4%B4&preset=fast&frames=abc&sampler=euler&seed=77');
  const form = page.getByRole('region', { name: '生成视频' });
  // Chinese, as asked; no model yet, so the install part shows (and the Generate form waits for a model).
  await expect(page.getByRole('region', { name: '模型' }).getByRole('button', { name: `安装 ${NAME}` })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '此框架地址中的部分设置未被采用' })).toHaveText('此框架地址中的部分设置未被采用，已改用默认值：frames, sampler。');
  // The compact UI: the model install part and the Generate panel, nothing else of the app.
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['模型', '生成视频']);

  await page.getByRole('region', { name: '模型' }).getByRole('button', { name: `安装 ${NAME}` }).click();
  await expect(form.getByLabel('提示词', { exact: true })).toHaveValue('猫转头', { timeout: 60_000 });
  await expect(form.getByLabel('预设')).toHaveValue('fast');
  await expect(form.getByLabel('种子', { exact: true })).toHaveValue('77');
  // Once a model is installed the install part makes room for the form.
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['生成视频']);
});

test('the element fails generate() clearly when its frame never gets ready, and when it is removed while waiting', async ({ page }) => {
  await page.goto('/embed-demo.html');
  await page.waitForFunction(() => customElements.get('localmotion-generator') !== undefined);
  const outcome = await page.evaluate(async () => {
    type Element = HTMLElement & { generate(image: Blob, prompt: string): Promise<unknown> };
    const image = new Blob([new Uint8Array(8)], { type: 'image/png' });
    const failure = (p: Promise<unknown>) => p.then(() => ({ code: 'resolved', message: '' }), (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));
    // A frame that cannot load (nothing listens on port 9, and this page's policy frames only its own origin).
    const broken = document.createElement('localmotion-generator') as Element;
    broken.setAttribute('src', 'http://127.0.0.1:9/');
    broken.setAttribute('ready-timeout', '1');
    document.body.append(broken);
    const timedOut = await failure(broken.generate(image, 'a ball'));
    broken.remove();
    // Removed while generate() still waits for the frame.
    const removed = document.createElement('localmotion-generator') as Element;
    removed.setAttribute('src', 'http://127.0.0.1:9/');
    document.body.append(removed);
    const pending = failure(removed.generate(image, 'a ball'));
    removed.remove();
    return { timedOut, removed: await pending };
  });
  expect(outcome.timedOut.code).toBe('frame-unavailable');
  expect(outcome.timedOut.message).toContain('did not get ready within 1 s');
  expect(outcome.removed.code).toBe('cancelled');
});
