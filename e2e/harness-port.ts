// The port of the Vite dev server that serves the harness pages (playwright.config.ts starts it).
export const HARNESS_PORT = Number(process.env.E2E_HARNESS_PORT ?? 5174);
export const HARNESS_URL = `http://localhost:${HARNESS_PORT}/e2e/harness`;
