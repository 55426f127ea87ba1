// Vite: builds the Svelte SPA and serves it cross-origin isolated (COOP/COEP), so onnxruntime-web can use threads.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// SharedArrayBuffer, hence multi-threaded wasm, exists only in cross-origin isolated pages; without these headers
// onnxruntime-web silently runs on one thread. The same headers must be sent by whatever hosts the built site.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte()],
  // The browser tests' harness server runs with LOCALMOTION_HARNESS=1: no HMR, so an edited source file never
  // reloads a page in the middle of a test.
  server: { headers: crossOriginIsolation, ...(process.env.LOCALMOTION_HARNESS ? { hmr: false } : {}) },
  preview: { headers: crossOriginIsolation },
  optimizeDeps: {
    // Pre-bundling onnxruntime-web breaks how it finds its .wasm and worker files.
    exclude: ['onnxruntime-web'],
    // The dev server (and the test harness pages it serves) must not discover a dependency late and reload the
    // page mid-test: pre-bundle what workers import, which the entry scan does not follow.
    entries: ['index.html', 'e2e/harness/*.html'],
    include: ['comlink', 'idb-keyval', 'mediabunny'],
  },
  worker: { format: 'es' },
});
