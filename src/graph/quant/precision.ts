// Bundle precisions: how weights are stored and in which float type a graph computes. Graph I/O is float32 in all.

export const PRECISIONS = ['fp32', 'fp16', 'q4f16', 'q4f32'] as const;
export type Precision = (typeof PRECISIONS)[number];

export function isPrecision(value: string): value is Precision {
  return (PRECISIONS as readonly string[]).includes(value);
}

/** Whether the precision stores eligible Linear weights 4-bit (see policy.ts for which are eligible). */
export function usesQ4(precision: Precision): boolean {
  return precision === 'q4f16' || precision === 'q4f32';
}

/** Whether running the graph needs the WebGPU feature `shader-f16`. */
export function needsShaderF16(precision: Precision): boolean {
  return precision === 'fp16' || precision === 'q4f16';
}
