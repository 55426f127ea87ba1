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
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  // Pre-bundling onnxruntime-web breaks how it finds its .wasm and worker files.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
});
