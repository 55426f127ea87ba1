// Vite: builds the Svelte SPA and serves it cross-origin isolated (COOP/COEP), so onnxruntime-web can use threads.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { cspOptionsFromEnv, cspPlugin } from './src/build/csp.ts';

// SharedArrayBuffer, hence multi-threaded wasm, exists only in cross-origin isolated pages; without these headers
// onnxruntime-web silently runs on one thread. The same headers must be sent by whatever hosts the built site.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // A cross-origin isolated page may frame the app (embed mode) only when the app's documents allow it.
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

// Offline: a service worker (Workbox, production builds only; src/app/state/offline.svelte.ts registers it) precaches
// the app shell, onnxruntime-web's .wasm included. Not /models/: bundles live in IndexedDB (src/store), and a
// download must reach the network (Range requests) rather than a cached copy. Precached responses keep the headers
// the host sent, COOP/COEP included, so the page stays cross-origin isolated offline (e2e/offline.spec.ts checks).
const pwa = VitePWA({
  injectRegister: false,
  registerType: 'autoUpdate',
  // globPatterns below already take the icons (this would list them twice).
  includeManifestIcons: false,
  manifest: {
    name: 'LocalMotion',
    short_name: 'LocalMotion',
    description: 'Image to video in your browser, on your GPU. Nothing is uploaded.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#1d2127',
    background_color: '#f7f7f5',
    icons: [
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png}'],
    globIgnores: ['models/**'],
    // onnxruntime-web's ort-wasm-simd-threaded.asyncify.wasm is ~27 MB (Workbox skips files over 2 MiB by default).
    maximumFileSizeToCacheInBytes: 64 * 2 ** 20,
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/models\//],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
  },
});

const STABLE_ENTRIES = { localmotion: 'src/lib/index.ts', 'localmotion-element': 'src/embed/element.ts' };

export default defineConfig({
  plugins: [svelte(), pwa, cspPlugin(cspOptionsFromEnv(process.env))],
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
  // Several checkouts' test runs on one machine keep apart with their own build and dependency-cache folders.
  build: {
    outDir: process.env.LOCALMOTION_OUT_DIR ?? 'dist',
    rolldownOptions: {
      // The app, the embed demo page, and two scripts other pages load by a stable name: the library entry
      // (localmotion.js: generateVideo) and the <localmotion-generator> element (localmotion-element.js).
      input: { index: 'index.html', 'embed-demo': 'embed-demo.html', ...STABLE_ENTRIES },
      // Keep the library's exports (an app build would drop an entry's unused exports).
      preserveEntrySignatures: 'exports-only',
      output: { entryFileNames: (chunk) => (chunk.name in STABLE_ENTRIES ? '[name].js' : 'assets/[name]-[hash].js') },
    },
  },
  ...(process.env.LOCALMOTION_VITE_CACHE ? { cacheDir: process.env.LOCALMOTION_VITE_CACHE } : {}),
});
