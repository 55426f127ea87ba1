// 2-D convolution (torch.nn.Conv2d) with weight [out, in/groups, kh, kw] and optional bias. Where the quantization
// policy says so (quant/policy.ts, layer 'conv'), the weight is stored 4-bit and expanded in-graph by
// DequantizeLinear-21 (uint4 blocks of 32 along in·kh·kw, as MatMulNBits blocks a Linear) → Reshape → Conv:
// measured on onnxruntime-web's WebGPU EP, every node on the GPU and equal to onnxruntime-node.
import type { Value } from '../builder.ts';
import { usesQ4 } from '../quant/precision.ts';
import { Q4_BLOCK_SIZE, weightFormat } from '../quant/policy.ts';
import { quantizeQ4, toDequantizeLayout } from '../quant/q4.ts';
import type { WeightScope } from '../scope.ts';
import { param, paramFrom } from './params.ts';
import { floatBytes, reshape } from './tensor.ts';

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
  if (!q4) return paramFrom(p, ref, { dims: shape, transform: (v) => v });
  const dtype = g.floatType;
  const blocks = Math.ceil(k / Q4_BLOCK_SIZE);
  let pending: Promise<{ scales: Float32Array; data: Uint8Array; zeroPoints: Uint8Array }> | undefined;
  const quantized = () =>
    (pending ??= ref.read().then((values) => {
      const q = quantizeQ4(values, o, k, dtype);
      return { scales: q.scales, ...toDequantizeLayout(q) };
    }));
  const data = g.initializer({ name: `${ref.key}.q4`, dtype: 'uint4', dims: [o, k], data: async () => (await quantized()).data });
  const scales = g.initializer({ name: `${ref.key}.scales`, dtype, dims: [o, blocks], data: async () => floatBytes(dtype, (await quantized()).scales) });
  const zeroPoints = g.initializer({
    name: `${ref.key}.zero_points`,
    dtype: 'uint4',
    dims: [o, blocks],
    data: async () => {
      const z = (await quantized()).zeroPoints;
      pending = undefined; // the last of the three: let the codes be collected
      return z;
    },
  });
  const flat = p.op('DequantizeLinear', [data, scales, zeroPoints], 'weight/DequantizeLinear', { axis: 1, block_size: Q4_BLOCK_SIZE }, dtype);
  return reshape(p, flat, shape, 'weight/Reshape');
}

/** The common 3×3, stride 1, padding 1 convolution. */
export function conv3x3(p: WeightScope, x: Value, inChannels: number, outChannels: number): Value {
  return conv2d(p, x, inChannels, outChannels, { kernel: [3, 3], pads: [1, 1, 1, 1] });
}

export function conv1x1(p: WeightScope, x: Value, inChannels: number, outChannels: number): Value {
  return conv2d(p, x, inChannels, outChannels, { kernel: [1, 1] });
}
