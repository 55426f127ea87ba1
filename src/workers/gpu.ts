// WebGPU adapter checks: probeGpu() reports adapter, features and key limits; runs in a window or a worker.
import type { GpuAdapterSummary, GpuKeyLimits, GpuReport } from '../protocol/gpu.ts';

// The slice of the WebGPU IDL read here. TypeScript 5.9's DOM lib has no WebGPU types and the project does not
// add @webgpu/types, so the probe declares what it touches and nothing more.
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
  subgroupMinSize?: number;
  subgroupMaxSize?: number;
}
interface AdapterLike {
  readonly features: Iterable<string>;
  readonly limits: GpuKeyLimits;
  readonly info?: AdapterInfoLike;
  /** Before GPUAdapterInfo.isFallbackAdapter (Chrome 136) the flag lived on the adapter. */
  readonly isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

export async function probeGpu(): Promise<GpuReport> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (gpu === undefined) {
    return { available: false, reason: globalThis.isSecureContext === false ? 'insecure-context' : 'no-webgpu-api' };
  }
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return { available: false, reason: 'request-adapter-failed', detail: String(error) };
  }
  if (adapter === null) return { available: false, reason: 'no-adapter' };

  const features = [...adapter.features].sort();
  return {
    available: true,
    adapter: summarizeAdapter(adapter),
    features,
    hasShaderF16: features.includes('shader-f16'),
    limits: {
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
    },
  };
}

function summarizeAdapter(adapter: AdapterLike): GpuAdapterSummary {
  const info = adapter.info ?? {};
  const summary: GpuAdapterSummary = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
  };
  if (info.subgroupMinSize !== undefined) summary.subgroupMinSize = info.subgroupMinSize;
  if (info.subgroupMaxSize !== undefined) summary.subgroupMaxSize = info.subgroupMaxSize;
  return summary;
}
