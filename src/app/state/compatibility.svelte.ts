// Compatibility: what this browser offers LocalMotion (WebGPU adapter, threads), probed once at start-up.
import type { GpuReport } from '../../protocol/gpu.ts';
// The page probes on the main thread until the engine worker exists; probeGpu() is realm-neutral, so the worker
// will report the same shape through EngineApi and this import goes away.
import { probeGpu } from '../../workers/gpu.ts';

export class Compatibility {
  /** undefined while the probe runs. */
  gpu = $state<GpuReport | undefined>(undefined);
  /** COOP/COEP in force: SharedArrayBuffer exists and onnxruntime-web can use wasm threads. */
  readonly crossOriginIsolated = globalThis.crossOriginIsolated === true;
  readonly logicalCores = globalThis.navigator?.hardwareConcurrency ?? 1;

  async probe(): Promise<void> {
    this.gpu = await probeGpu();
  }
}
