// onnxruntime-web's global settings, made once per worker: wasm threads (only in cross-origin isolated pages, where
// SharedArrayBuffer exists; otherwise ORT would silently use one).
import * as ort from 'onnxruntime-web/webgpu';

let configured = false;

export function configureOrt(): void {
  if (configured) return;
  configured = true;
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
}
