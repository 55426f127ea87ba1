// Shape math for dynamic dims (B, F, h, w): int64 [1] tensors taken from Shape(x) and concatenated into target
// shapes. ORT may run these tiny int64 nodes on the CPU; they never touch activations.
import type { Value } from '../builder.ts';
import type { WeightScope } from '../scope.ts';
import { shapeOf } from './tensor.ts';

/** Dim `axis` of x as an int64 [1] tensor. */
export function dim(p: WeightScope, x: Value, axis: number, suffix = `dim${axis}`): Value {
  const g = p.g;
  const starts = g.constant(p.nodeName(`${suffix}/start`), 'int64', [1], [axis]);
  const ends = g.constant(p.nodeName(`${suffix}/end`), 'int64', [1], [axis + 1]);
  return p.op('Slice', [shapeOf(p, x, `${suffix}/Shape`), starts, ends], `${suffix}/Slice`);
}

/** A 1-D int64 shape from dynamic dims (int64 [1] tensors) and fixed numbers. */
export function shapeFrom(p: WeightScope, parts: readonly (Value | number)[], suffix = 'shape'): Value {
  const g = p.g;
  const inputs = parts.map((part, i) =>
    typeof part === 'number' ? g.constant(p.nodeName(`${suffix}/c${i}`), 'int64', [1], [part]) : part,
  );
  return p.op('Concat', inputs, `${suffix}/Concat`, { axis: 0 });
}
