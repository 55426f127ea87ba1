// Size statistics of a built graph (before emission: sizes come from initializer dims and dtypes).
import type { GraphBuilder } from './builder.ts';
import { bytesPerElement } from './onnx/schema.ts';

export interface GraphStats {
  readonly graph: string;
  readonly nodes: number;
  readonly initializers: number;
  readonly initializerBytes: number;
  readonly largest: { readonly name: string; readonly bytes: number };
  readonly opCounts: Readonly<Record<string, number>>;
}

export function graphStats(g: GraphBuilder): GraphStats {
  let total = 0;
  let largest = { name: '', bytes: 0 };
  for (const init of g.initializers) {
    const bytes = init.dims.reduce((a, b) => a * b, 1) * bytesPerElement[init.dtype];
    total += bytes;
    if (bytes > largest.bytes) largest = { name: init.name, bytes };
  }
  const opCounts: Record<string, number> = {};
  for (const n of g.nodes) opCounts[n.opType] = (opCounts[n.opType] ?? 0) + 1;
  return { graph: g.name, nodes: g.nodes.length, initializers: g.initializers.length, initializerBytes: total, largest, opCounts };
}
