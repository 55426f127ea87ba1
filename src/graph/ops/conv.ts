// 2-D convolution (torch.nn.Conv2d) with weight [out, in/groups, kh, kw] and optional bias.
import type { Value } from '../builder.ts';
import type { WeightScope } from '../scope.ts';
import { param } from './params.ts';

export interface Conv2dOptions {
  readonly kernel: readonly [number, number];
  readonly stride?: number;
  /** ONNX pads [top, left, bottom, right]. */
  readonly pads?: readonly [number, number, number, number];
  readonly bias?: boolean;
}

export function conv2d(p: WeightScope, x: Value, inChannels: number, outChannels: number, o: Conv2dOptions): Value {
  const [kh, kw] = o.kernel;
  const w = param(p, 'weight', [outChannels, inChannels, kh, kw]);
  const b = o.bias === false ? null : param(p, 'bias', [outChannels]);
  const stride = o.stride ?? 1;
  return p.op('Conv', b ? [x, w, b] : [x, w], 'Conv', {
    kernel_shape: [kh, kw],
    strides: [stride, stride],
    pads: o.pads ?? [0, 0, 0, 0],
  });
}

/** The common 3×3, stride 1, padding 1 convolution. */
export function conv3x3(p: WeightScope, x: Value, inChannels: number, outChannels: number): Value {
  return conv2d(p, x, inChannels, outChannels, { kernel: [3, 3], pads: [1, 1, 1, 1] });
}

export function conv1x1(p: WeightScope, x: Value, inChannels: number, outChannels: number): Value {
  return conv2d(p, x, inChannels, outChannels, { kernel: [1, 1] });
}
