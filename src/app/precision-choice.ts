// Which bundle precision this GPU gets, and why, in words for people (pure): chooseBundle (src/protocol/precision.ts)
// picks; this file words its reason as a translatable Message, and picks the precision a checkpoint import defaults
// to. q4f16 and fp16 need the adapter feature shader-f16; q4f32 runs on any WebGPU adapter.
import type { GpuReport } from '../protocol/gpu.ts';
import { chooseBundle } from '../protocol/precision.ts';
import type { BundlePrecision } from '../protocol/store.ts';
import type { Message } from './i18n/i18n.svelte.ts';

/** The precisions the import form offers, smallest first (fp32 is for reference runs: `npm run convert`). */
export const IMPORT_PRECISIONS = ['q4f16', 'q4f32', 'fp16'] as const satisfies readonly BundlePrecision[];
export type ImportPrecision = (typeof IMPORT_PRECISIONS)[number];

/** Whether a bundle of `precision` needs shader-f16 to run (fp16 math): the graph builder's own rule. */
export { needsShaderF16 } from '../graph/quant/precision.ts';

/** Why `precision` is the pick for an adapter with or without shader-f16 (the words for chooseBundle's choice). */
export function precisionReason(precision: string, hasShaderF16: boolean): Message {
  if (!hasShaderF16) return { key: 'model.precision.noF16', vars: { precision } };
  return precision === 'q4f16' ? { key: 'model.precision.f16', vars: { precision } } : { key: 'model.precision.f16Other', vars: { precision } };
}

/** The import form's default precision for this GPU, and why; without WebGPU (or before the probe), q4f32. */
export function importPrecision(gpu: GpuReport | undefined): { precision: ImportPrecision; reason: Message } {
  if (!gpu?.available) return { precision: 'q4f32', reason: { key: gpu === undefined ? 'model.precision.probing' : 'model.precision.noGpu', vars: { precision: 'q4f32' } } };
  const choice = chooseBundle(
    IMPORT_PRECISIONS.map((precision) => ({ precision })),
    gpu.hasShaderF16,
  );
  // q4f32 is always among the offered precisions and runs everywhere, so there is always a choice.
  const precision = choice?.bundle.precision ?? 'q4f32';
  return { precision, reason: precisionReason(precision, gpu.hasShaderF16) };
}
