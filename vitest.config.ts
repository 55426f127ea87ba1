// Vitest: unit and golden tests run in Node (onnxruntime-node and onnxruntime-web's wasm backend).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
