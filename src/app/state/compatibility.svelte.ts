// Compatibility: what this browser offers LocalMotion (WebGPU adapter, threads), probed once at start-up: on the
// page first (a browser without WebGPU there has none in workers either), then in the engine worker, where
// generation runs and whose adapter is the one that counts.
import type { GpuReport } from '../../protocol/gpu.ts';
import { probeGpu } from '../../workers/gpu.ts';
import { engine } from '../engine.ts';

export class Compatibility {
  /** undefined while the probe runs. */
  gpu = $state<GpuReport | undefined>(undefined);
  /** COOP/COEP in force: SharedArrayBuffer exists and onnxruntime-web can use wasm threads. */
  readonly crossOriginIsolated = globalThis.crossOriginIsolated === true;
  readonly logicalCores = globalThis.navigator?.hardwareConcurrency ?? 1;

  async probe(): Promise<void> {
    const page = await probeGpu();
    if (!page.available) {
      this.gpu = page;
      return;
    }
    try {
      this.gpu = await engine.probe();
    } catch (e) {
      this.gpu = { available: false, reason: 'request-adapter-failed', detail: `the engine worker did not start: ${String(e)}` };
    }
  }
}
