// Bundle precision by adapter: q4f16 with shader-f16, q4f32 without, never an fp16 bundle without shader-f16.
import { describe, expect, it } from 'vitest';
import { chooseBundle } from './precision.ts';

const bundles = ['fp32', 'q4f32', 'q4f16', 'fp16'].map((precision) => ({ precision, path: `${precision}/` }));

describe('chooseBundle', () => {
  it('takes q4f16 when the adapter has shader-f16', () => {
    expect(chooseBundle(bundles, true)?.bundle.precision).toBe('q4f16');
  });
  it('takes q4f32 without shader-f16, and says why', () => {
    const choice = chooseBundle(bundles, false);
    expect(choice?.bundle.precision).toBe('q4f32');
    expect(choice?.reason).toMatch(/lacks shader-f16/);
  });
  it('never offers an fp16 bundle to an adapter without shader-f16', () => {
    expect(chooseBundle([{ precision: 'q4f16' }, { precision: 'fp16' }], false)).toBeUndefined();
    expect(chooseBundle([{ precision: 'q4f16' }, { precision: 'fp32' }], false)?.bundle.precision).toBe('fp32');
  });
  it('falls back to q4f32 on an f16 adapter when no q4f16 bundle is offered', () => {
    expect(chooseBundle([{ precision: 'q4f32' }], true)?.bundle.precision).toBe('q4f32');
  });
});
