// Tests for precision-choice.ts: the import form defaults to q4f16 on an adapter with shader-f16 and to q4f32
// without it (or without WebGPU), and each pick comes with its own reason.
import { describe, expect, it } from 'vitest';
import type { GpuAvailable, GpuReport } from '../protocol/gpu.ts';
import { importPrecision, needsShaderF16, precisionReason } from './precision-choice.ts';

const gpu = (hasShaderF16: boolean): GpuAvailable => ({
  available: true,
  adapter: { vendor: 'v', architecture: 'a', description: '', isFallbackAdapter: false },
  features: hasShaderF16 ? ['shader-f16'] : [],
  hasShaderF16,
  limits: { maxBufferSize: 1, maxStorageBufferBindingSize: 1, maxComputeWorkgroupStorageSize: 1, maxComputeInvocationsPerWorkgroup: 1 },
});

describe('importPrecision', () => {
  it('takes q4f16 with shader-f16 and q4f32 without, saying why', () => {
    expect(importPrecision(gpu(true))).toEqual({ precision: 'q4f16', reason: { key: 'model.precision.f16', vars: { precision: 'q4f16' } } });
    expect(importPrecision(gpu(false))).toEqual({ precision: 'q4f32', reason: { key: 'model.precision.noF16', vars: { precision: 'q4f32' } } });
  });
  it('takes q4f32 without WebGPU and while the probe runs, with a reason for each', () => {
    const none: GpuReport = { available: false, reason: 'no-adapter' };
    expect(importPrecision(none)).toMatchObject({ precision: 'q4f32', reason: { key: 'model.precision.noGpu' } });
    expect(importPrecision(undefined)).toMatchObject({ precision: 'q4f32', reason: { key: 'model.precision.probing' } });
  });
});

describe('precisionReason', () => {
  it('tells a non-q4f16 pick on an f16 adapter from the usual one', () => {
    expect(precisionReason('q4f32', true).key).toBe('model.precision.f16Other');
    expect(precisionReason('q4f16', true).key).toBe('model.precision.f16');
  });
  it('knows which precisions need shader-f16', () => {
    expect((['q4f16', 'q4f32', 'fp16', 'fp32'] as const).filter(needsShaderF16)).toEqual(['q4f16', 'fp16']);
  });
});
