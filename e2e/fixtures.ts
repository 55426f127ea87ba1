// Playwright fixtures: each test gets a fresh persistent Chromium profile (real storage quota), WebGPU on by default.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, chromium } from '@playwright/test';

export { expect } from '@playwright/test';

/** CHROMIUM_PATH if set, else Playwright's own Chromium when installed, else Debian's (apt `chromium`). */
export function chromiumExecutable(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const playwrights = chromium.executablePath();
  return existsSync(playwrights) ? playwrights : '/usr/bin/chromium';
}

/** Headless Chromium exposes WebGPU (SwiftShader, the fallback adapter) only with --enable-unsafe-webgpu. */
export function chromiumArgs(webgpu: boolean): string[] {
  return [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
  ];
}

export interface LocalMotionOptions {
  /** Launch with WebGPU (default true); `test.use({ webgpu: false })` gives a browser without it. */
  webgpu: boolean;
}

// A persistent context, not browser.newContext(): an off-the-record context caps single IndexedDB values at ~127 MB.
// The profile goes through launchPersistentContext's first argument; --user-data-dir in args makes Playwright throw.
export const test = base.extend<LocalMotionOptions>({
  webgpu: [true, { option: true }],
  context: async ({ webgpu, baseURL, headless, locale }, use) => {
    const profile = await mkdtemp(path.join(os.tmpdir(), 'localmotion-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumExecutable(),
      headless,
      args: chromiumArgs(webgpu),
      ...(baseURL === undefined ? {} : { baseURL }),
      ...(locale === undefined ? {} : { locale }), // test.use({ locale: 'zh-CN' }): navigator.languages, Accept-Language
    });
    try {
      await use(context);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  },
  page: async ({ context }, use) => {
    await use(context.pages()[0] ?? (await context.newPage()));
  },
});
