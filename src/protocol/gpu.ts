// GpuReport: what probeGpu() (src/workers/gpu.ts) learned about WebGPU in one realm. Types only.

/** Why there is no usable WebGPU adapter; the app turns each code into advice. */
export type GpuUnavailableReason =
  | 'insecure-context' // navigator.gpu only exists on https:// and http://localhost pages
  | 'no-webgpu-api' // the browser has no navigator.gpu at all (old browser, or WebGPU switched off)
  | 'no-adapter' // navigator.gpu.requestAdapter() resolved null (blocklisted GPU, no driver, headless without flag)
  | 'request-adapter-failed'; // requestAdapter() threw

export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter such as SwiftShader: correct, but far too slow for real generations. */
  isFallbackAdapter: boolean;
  /** Subgroup sizes, where the browser reports them (they decide which ORT kernels run). */
  subgroupMinSize?: number;
  subgroupMaxSize?: number;
}

/** The adapter limits that bound what LocalMotion can run (all in bytes, except the invocation count). */
export interface GpuKeyLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
}

export interface GpuAvailable {
  available: true;
  adapter: GpuAdapterSummary;
  /** Adapter feature names, sorted. */
  features: string[];
  /** Whether `shader-f16` is among the features: fp16 and q4f16 bundles need it. */
  hasShaderF16: boolean;
  limits: GpuKeyLimits;
}

export interface GpuUnavailable {
  available: false;
  reason: GpuUnavailableReason;
  /** The thrown error's message, for 'request-adapter-failed'. */
  detail?: string;
}

export type GpuReport = GpuAvailable | GpuUnavailable;
