// Playwright: browser tests in e2e/ against the built app (`vite preview`), one worker, headless Chromium.
import { defineConfig } from '@playwright/test';

import { HARNESS_PORT } from './e2e/harness-port.ts';

// E2E_PORT / E2E_HARNESS_PORT let two test runs share a machine (with LOCALMOTION_OUT_DIR for the build).
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Two cores: WebGPU runs on SwiftShader (the CPU), so parallel browsers only slow each other down.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  use: { baseURL: `http://localhost:${port}` },
  webServer: [
    // Serves dist/ as built by `npm run build` (npm test builds before it runs Playwright).
    {
      command: `npx vite preview --port ${port} --strictPort`,
      url: `http://localhost:${port}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    // Vite's dev server on the source tree: harness pages in e2e/harness/ import modules from src/ (engine, video)
    // and drive them directly, with the same COOP/COEP headers as the app.
    {
      command: `LOCALMOTION_HARNESS=1 npx vite --port ${HARNESS_PORT} --strictPort`,
      url: `http://localhost:${HARNESS_PORT}/e2e/harness/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
