// The library entry as another page of the same site uses it: `import { generateVideo } from '/localmotion.js'`
// starts its own engine worker from the built file's location, makes an MP4 from the demo bundle's URL, reports
// progress, stops on an AbortSignal, and refuses bad input and a missing model with errors that say what to do.
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';
import { CATALOG } from '../src/app/i18n/catalog.ts';

test.use({ webgpu: false });

/** A bare page of the app's origin (no app on it), cross-origin isolated like the app. */
const BLANK = '/library-test.html';

test('generateVideo from localmotion.js: a video from a bundle URL, progress, abort, and clear errors', async ({ page }) => {
  test.setTimeout(180_000);
  await page.route(`**${BLANK}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
      body: '<!doctype html><meta charset="utf-8"><title>library test</title>',
    }),
  );
  await page.goto(BLANK);
  const png = (await sharp({ create: { width: 48, height: 40, channels: 3, background: '#a53' } }).png().toBuffer()).toString('base64');

  const started = Date.now();
  const made = await page.evaluate(async (png) => {
    const { generateVideo } = await import('/localmotion.js' as string);
    const image = new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const stages = new Set<string>();
    const r = await generateVideo(image, 'a ball rolling slowly to the right', {
      model: { bundleUrl: '/models/tiny/' },
      preset: 'quick',
      settings: { seed: 5, loop: 'pingpong' },
      backend: 'wasm',
      onProgress: (e: { stage: string }) => stages.add(e.stage),
    });
    const box = await r.video.slice(4, 8).text();
    return { box, type: r.video.type, bytes: r.video.size, mimeType: r.mimeType, width: r.width, height: r.height, frameCount: r.frameCount, fps: r.fps, seed: r.seed, loop: r.settings.loop, warnings: r.warnings, stages: [...stages] };
  }, png);
  console.log(`library: load + quick run in ${Date.now() - started} ms`);
  // 4 frames played forward then back: 4 + 2 = 6 in the file.
  expect(made).toMatchObject({ box: 'ftyp', type: 'video/mp4', mimeType: 'video/mp4', width: 32, height: 32, frameCount: 6, fps: 8, seed: 5, loop: 'pingpong', warnings: [] });
  expect(made.bytes).toBeGreaterThan(500);
  expect(made.stages).toEqual(expect.arrayContaining(['denoise', 'decode', 'encode-video']));
  // The engine worker came from the build's assets, next to the library file's chunks.
  expect(page.workers().map((w) => new URL(w.url()).pathname)).toContainEqual(expect.stringMatching(/^\/assets\/engine\.worker-[\w-]+\.js$/));

  const outcomes = await page.evaluate(async (png) => {
    const { generateVideo } = await import('/localmotion.js' as string);
    const image = new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const failure = (p: Promise<unknown>) => p.then(() => 'resolved', (e: Error) => `${e.name}: ${e.message}`);
    // Abort once denoising starts: the run stops and the promise rejects with an AbortError.
    const controller = new AbortController();
    const aborted = failure(
      generateVideo(image, 'a ball', {
        model: { bundleUrl: '/models/tiny/' },
        settings: { resolution: 64, steps: 40 },
        backend: 'wasm',
        signal: controller.signal,
        onProgress: (e: { stage: string }) => e.stage === 'denoise' && controller.abort(),
      }),
    );
    return {
      aborted: await aborted,
      badImage: await failure(generateVideo('picture.png' as unknown as Blob, 'a ball')),
      badSetting: await failure(generateVideo(image, 'a ball', { settings: { numFrames: 99 } })),
      notAPicture: await failure(generateVideo(new Blob(['hello'], { type: 'text/plain' }), 'a ball')),
      noModel: await failure(generateVideo(image, 'a ball')),
    };
  }, png);
  expect(outcomes.aborted).toMatch(/^AbortError: /);
  expect(outcomes.badImage).toBe('TypeError: generateVideo: image must be a Blob or File (a PNG, JPEG or WebP picture), got "picture.png"');
  expect(outcomes.badSetting).toBe('TypeError: generateVideo: settings.numFrames: Must be a whole number from 2 to 32 (got 99).');
  expect(outcomes.notAPicture).toBe(`TypeError: generateVideo: ${CATALOG.en['image.text']}`);
  expect(outcomes.noModel).toMatch(/^Error: generateVideo: no model is installed in this browser for http:\/\/localhost:\d+\. Install one in the LocalMotion app/);
});
