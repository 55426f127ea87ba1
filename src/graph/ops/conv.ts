// 2-D convolution (torch.nn.Conv2d) with weight [out, in/groups, kh, kw] and optional bias. Where the quantization
// policy says so (quant/policy.ts, layer 'conv'), the weight is stored 4-bit and expanded in-graph by
// DequantizeLinear-21 (uint4 blocks of 32 along in·kh·kw, as MatMulNBits blocks a Linear) → Reshape → Conv:
// measured on onnxruntime-web's WebGPU EP, every node on the GPU and equal to onnxruntime-node.
import type { Value } from '../builder.ts';
import { usesQ4 } from '../quant/precision.ts';
import { Q4_BLOCK_SIZE, weightFormat } from '../quant/policy.ts';
import { q4Initializers } from '../quant/q4-initializers.ts';
import type { WeightScope } from '../scope.ts';
import { param, paramFrom } from './params.ts';
import { reshape } from './tensor.ts';

export interface Conv2dOptions {
  readonly kernel: readonly [number, number];
  readonly stride?: number;
  /** ONNX pads [top, left, bottom, right]. */
  readonly pads?: readonly [number, number, number, number];
  readonly bias?: boolean;
}

export function conv2d(p: WeightScope, x: Value, inChannels: number, outChannels: number, o: Conv2dOptions): Value {
  const [kh, kw] = o.kernel;
  const w = convWeight(p, [outChannels, inChannels, kh, kw]);
  const b = o.bias === false ? null : param(p, 'bias', [outChannels]);
  const stride = o.stride ?? 1;
  return p.op('Conv', b ? [x, w, b] : [x, w], 'Conv', {
    kernel_shape: [kh, kw],
    strides: [stride, stride],
    pads: o.pads ?? [0, 0, 0, 0],
  });
}

/**
 * The convolution weight `weight` as a [out, in, kh, kw] value: float, or 4-bit dequantized in-graph per the
 * policy. `stored` is its checkpoint shape when that differs (a Conv3d (3,1,1) weight used as a (3,1) Conv2d).
 */
export function convWeight(p: WeightScope, shape: readonly [number, number, number, number], stored: readonly number[] = shape): Value {
  const g = p.g;
  const ref = p.tensor('weight', stored);
  const [o, i, kh, kw] = shape;
  const k = i * kh * kw;
  const q4 = usesQ4(g.options.precision) && weightFormat(g.options.policy, g.options.component, ref.key, k, 'conv') === 'q4';
  if (!q4) return paramFrom(p, ref, { dims: shape });
  const w = q4Initializers(g, ref, o, k, 'dequantize');
  const flat = p.op('DequantizeLinear', [w.codes, w.scales, w.zeroPoints], 'weight/DequantizeLinear', { axis: 1, block_size: Q4_BLOCK_SIZE }, g.floatType);
  return reshape(p, flat, shape, 'weight/Reshape');
}

/** The common 3×3, stride 1, padding 1 convolution. */
export function conv3x3(p: WeightScope, x: Value, inChannels: number, outChannels: number): Value {
  return conv2d(p, x, inChannels, outChannels, { kernel: [3, 3], pads: [1, 1, 1, 1] });
}

export function conv1x1(p: WeightScope, x: Value, inChannels: number, outChannels: number): Value {
  return conv2d(p, x, inChannels, outChannels, { kernel: [1, 1] });
}
