// LayerNorm and GroupNorm in ops the WebGPU EP runs natively: LayerNormalization (opset 17), and GroupNorm as
// Reshape [B, G, -1] → InstanceNormalization → Reshape back → per-channel affine (the torch opset-17 export form).
// GroupNormalization-18/21 leaves shape nodes on the CPU and com.microsoft GroupNorm does not load (see
// ../shared/notes/webgpu-op-support.md).
import type { Value } from '../builder.ts';
import type { WeightScope } from '../scope.ts';
import { param } from './params.ts';
import { floatConstant, reshape, reshapeLike, shapeOf } from './tensor.ts';

/** torch.nn.LayerNorm over the last axis (weights `weight`, `bias` of [dim]). */
export function layerNorm(p: WeightScope, x: Value, dim: number, eps: number): Value {
  const gamma = param(p, 'weight', [dim]);
  const beta = param(p, 'bias', [dim]);
  return p.op('LayerNormalization', [x, gamma, beta], 'LayerNormalization', { axis: -1, epsilon: { f: eps } });
}

/** torch.nn.GroupNorm on input of rank `rank` ≥ 3 with channels on axis 1 (NCHW: rank 4). */
export function groupNorm(p: WeightScope, x: Value, groups: number, channels: number, eps: number, rank = 4): Value {
  if (channels % groups !== 0) throw new Error(`${p.path}: ${channels} channels not divisible into ${groups} groups`);
  const affineDims = [channels, ...new Array<number>(rank - 2).fill(1)];
  const gamma = param(p, 'weight', [channels], { dims: affineDims });
  const beta = param(p, 'bias', [channels], { dims: affineDims });
  const grouped = reshape(p, x, [0, groups, -1], 'Reshape_groups');
  const ones = floatConstant(p, 'instance_scale', [groups], new Float32Array(groups).fill(1));
  const zeros = floatConstant(p, 'instance_bias', [groups], new Float32Array(groups));
  const normed = p.op('InstanceNormalization', [grouped, ones, zeros], 'InstanceNormalization', { epsilon: { f: eps } });
  const back = reshapeLike(p, normed, shapeOf(p, x), 'Reshape_back');
  return p.op('Add', [p.op('Mul', [back, gamma], 'Mul'), beta], 'Add');
}
