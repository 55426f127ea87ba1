// ResnetBlock2D with a time embedding (diffusers resnet.py) and TemporalConvLayer (resnet.py), whose (3,1,1) Conv3d
// layers are lowered to 2-D convolutions with kernel (3,1) over [B, C, F, H·W]: the same MACs, but WebGPU's tiled
// Conv2dMM kernel instead of its naive Conv3D one (../shared/notes/webgpu-op-support.md).
import type { Value } from '../../builder.ts';
import { activation } from '../../ops/activation.ts';
import { conv1x1, conv3x3, convWeight } from '../../ops/conv.ts';
import { linear } from '../../ops/linear.ts';
import { groupNorm } from '../../ops/norm.ts';
import { param } from '../../ops/params.ts';
import { reshape, reshapeLike, shapeOf, transpose } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import { RESNET_EPS } from './config.ts';
import { reshape4, type VideoDims } from './transformer.ts';

export function resnetBlock(p: WeightScope, x: Value, temb: Value, inC: number, outC: number, groups: number, tembC: number): Value {
  let h = activation(p, groupNorm(p.sub('norm1'), x, groups, inC, RESNET_EPS), 'silu', 'act1');
  h = conv3x3(p.sub('conv1'), h, inC, outC);
  const t = linear(p.sub('time_emb_proj'), activation(p, temb, 'silu', 'temb_act'), tembC, outC);
  h = p.op('Add', [h, reshape(p, t, [0, outC, 1, 1], 'temb/Reshape')], 'temb/Add');
  h = activation(p, groupNorm(p.sub('norm2'), h, groups, outC, RESNET_EPS), 'silu', 'act2');
  h = conv3x3(p.sub('conv2'), h, outC, outC);
  const shortcut = inC === outC ? x : conv1x1(p.sub('conv_shortcut'), x, inC, outC);
  return p.op('Add', [shortcut, h], 'residual'); // output_scale_factor 1
}

/** Four GroupNorm → SiLU → Conv(3,1,1) stages over the frame axis, with a residual around them. */
export function temporalConvLayer(p: WeightScope, x: Value, channels: number, dims: VideoDims, groups: number): Value {
  const video = transpose(p, reshape4(p, x, [dims.batch, dims.frames, channels, -1], 'video'), [0, 2, 1, 3], 'video/Transpose'); // [B, C, F, HW]
  let h = video;
  ['conv1', 'conv2', 'conv3', 'conv4'].forEach((name, i) => {
    const stage = p.sub(name);
    h = activation(stage, groupNorm(stage.sub('0'), h, groups, channels, RESNET_EPS), 'silu');
    // conv1 = Sequential(GroupNorm, SiLU, Conv3d); conv2..4 have a Dropout at 2, so their conv is at index 3.
    h = temporalConv(stage.sub(i === 0 ? '2' : '3'), h, channels);
  });
  h = p.op('Add', [video, h], 'residual');
  return reshapeLike(p, transpose(p, h, [0, 2, 1, 3], 'frames/Transpose'), shapeOf(p, x), 'frames/Reshape');
}

/** Conv3d kernel (3,1,1), padding (1,0,0) on [B, C, F, H, W] == Conv2d kernel (3,1), padding (1,0) on [B, C, F, H·W]. */
function temporalConv(p: WeightScope, x: Value, channels: number): Value {
  const w = convWeight(p, [channels, channels, 3, 1], [channels, channels, 3, 1, 1]);
  const b = param(p, 'bias', [channels]);
  return p.op('Conv', [x, w, b], 'Conv', { kernel_shape: [3, 1], strides: [1, 1], pads: [1, 0, 1, 0] });
}
