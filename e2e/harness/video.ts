// Video harness page: window.videoHarness encodes synthetic frames here (encode) or in a module worker that imports
// the same code (encodeInWorker).
import { runVideo, type VideoRequest, type VideoResult } from './video-run.ts';

const worker = new Worker(new URL('./video-test.worker.ts', import.meta.url), { type: 'module', name: 'video-test' });

function encodeInWorker(request: VideoRequest): Promise<VideoResult> {
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', (e: MessageEvent<VideoResult>) => resolve(e.data), { once: true });
    worker.addEventListener('error', (e) => reject(new Error(e.message)), { once: true });
    worker.postMessage(request);
  });
}

declare global {
  interface Window {
    videoHarness: { encode: typeof runVideo; encodeInWorker: typeof encodeInWorker };
  }
}

window.videoHarness = { encode: runVideo, encodeInWorker };
