// OfflineSupport: registers the service worker of production builds (Workbox, made by vite-plugin-pwa: it precaches
// the app shell and onnxruntime-web's wasm) and tracks whether this page would load without the network, and
// whether the network is there.
export type OfflineState =
  | 'development' // the dev server has no service worker, on purpose (it would cache files being edited)
  | 'unsupported' // no navigator.serviceWorker (insecure context, or a browser without it)
  | 'saving' // the service worker is installing: precaching the app
  | 'ready' // a service worker controls the page: the app loads offline
  | 'failed'; // registration failed

export class OfflineSupport {
  state = $state<OfflineState>('saving');
  online = $state(globalThis.navigator?.onLine ?? true);
  /** Why registration failed. */
  detail = $state('');

  async start(): Promise<void> {
    addEventListener('online', () => (this.online = true));
    addEventListener('offline', () => (this.online = false));
    if (!import.meta.env.PROD) {
      this.state = 'development';
      return;
    }
    const container = globalThis.navigator?.serviceWorker;
    if (container === undefined) {
      this.state = 'unsupported';
      return;
    }
    // The worker activates only once every precache entry is stored, then claims the page (clientsClaim).
    container.addEventListener('controllerchange', () => (this.state = 'ready'));
    if (container.controller) this.state = 'ready';
    try {
      const base = import.meta.env.BASE_URL;
      await container.register(`${base}sw.js`, { scope: base });
    } catch (e) {
      this.state = 'failed';
      this.detail = e instanceof Error ? e.message : String(e);
    }
  }
}
