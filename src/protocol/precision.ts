// Which bundle precision suits a GPU: q4f16 (4-bit weights, fp16 compute: the default, half the memory traffic)
// needs the adapter feature shader-f16; without it q4f32; then the full-precision ones. Pure, shared by the model
// manager (which bundle to download) and the engine (whether a bundle can run here).

const PREFERENCE_WITH_F16 = ['q4f16', 'q4f32', 'fp16', 'fp32'] as const;
const PREFERENCE_WITHOUT_F16 = ['q4f32', 'fp32'] as const;

export interface PrecisionChoice<T extends { precision: string }> {
  readonly bundle: T;
  readonly reason: string;
}

/** The best of `bundles` for an adapter with or without shader-f16 (no WebGPU: as without); undefined if none runs. */
export function chooseBundle<T extends { precision: string }>(bundles: readonly T[], hasShaderF16: boolean): PrecisionChoice<T> | undefined {
  const order: readonly string[] = hasShaderF16 ? PREFERENCE_WITH_F16 : PREFERENCE_WITHOUT_F16;
  for (const precision of order) {
    const bundle = bundles.find((b) => b.precision === precision);
    if (bundle) {
      const reason = hasShaderF16
        ? `the GPU supports shader-f16: ${precision}${precision === 'q4f16' ? ' (4-bit weights, fp16 compute)' : ' (no q4f16 bundle offered)'}`
        : `the GPU lacks shader-f16, so fp16 bundles cannot run: ${precision}`;
      return { bundle, reason };
    }
  }
  return undefined;
}
