// The UNet's down, mid and up blocks (diffusers unets/unet_3d_blocks.py: CrossAttnDownBlock3D, DownBlock3D,
// UNetMidBlock3DCrossAttn, UpBlock3D, CrossAttnUpBlock3D). Hidden states are [B·F, C, h, w] throughout.
import type { Value } from '../../builder.ts';
import { conv2d, conv3x3 } from '../../ops/conv.ts';
import { dim, shapeFrom } from '../../ops/shape.ts';
import type { WeightScope } from '../../scope.ts';
import type { UNetConfig } from './config.ts';
import { resnetBlock, temporalConvLayer } from './resnet.ts';
import { transformer2d, transformerTemporal, type VideoDims } from './transformer.ts';

export interface BlockInputs {
  readonly temb: Value;
  readonly context: Value;
  readonly dims: VideoDims;
  readonly cfg: UNetConfig;
  /** Query chunks for the spatial attentions of this resolution level. */
  readonly queryChunks: number;
}

/** resnet → temporal conv (→ spatial transformer → temporal transformer when the block has cross-attention). */
function layer(p: WeightScope, j: number, h: Value, inC: number, outC: number, cross: boolean, b: BlockInputs): Value {
  const { cfg, dims } = b;
  h = resnetBlock(p.sub('resnets').at(j), h, b.temb, inC, outC, cfg.groups, cfg.timeEmbedDim);
  h = temporalConvLayer(p.sub('temp_convs').at(j), h, outC, dims, cfg.groups);
  if (!cross) return h;
  h = transformer2d(p.sub('attentions').at(j), h, b.context, outC, {
    groups: cfg.groups,
    headDim: cfg.headDim,
    contextDim: cfg.crossAttentionDim,
    queryChunks: b.queryChunks,
  });
  return transformerTemporal(p.sub('temp_attentions').at(j), h, outC, dims, { groups: cfg.groups, heads: outC / cfg.headDim, headDim: cfg.headDim });
}

export function downBlock(p: WeightScope, h: Value, i: number, b: BlockInputs, skips: Value[]): Value {
  const { cfg } = b;
  const outC = cfg.blockOutChannels[i]!;
  const inC = i === 0 ? cfg.blockOutChannels[0]! : cfg.blockOutChannels[i - 1]!;
  const cross = cfg.down[i] === 'CrossAttnDownBlock3D';
  for (let j = 0; j < cfg.layersPerBlock; j++) {
    h = layer(p, j, h, j === 0 ? inC : outC, outC, cross, b);
    skips.push(h);
  }
  if (i < cfg.blockOutChannels.length - 1) {
    // Downsample2D with padding 1: 3×3, stride 2.
    h = conv2d(p.sub('downsamplers').at(0).sub('conv'), h, outC, outC, { kernel: [3, 3], stride: 2, pads: [1, 1, 1, 1] });
    skips.push(h);
  }
  return h;
}

export function midBlock(p: WeightScope, h: Value, b: BlockInputs): Value {
  const c = b.cfg.blockOutChannels[b.cfg.blockOutChannels.length - 1]!;
  h = layer(p, 0, h, c, c, false, b);
  h = transformer2d(p.sub('attentions').at(0), h, b.context, c, {
    groups: b.cfg.groups,
    headDim: b.cfg.headDim,
    contextDim: b.cfg.crossAttentionDim,
    queryChunks: b.queryChunks,
  });
  h = transformerTemporal(p.sub('temp_attentions').at(0), h, c, b.dims, { groups: b.cfg.groups, heads: c / b.cfg.headDim, headDim: b.cfg.headDim });
  return layer(p, 1, h, c, c, false, b);
}

/** Consumes this block's skips from the end of `skips`; upsamples to the next skip's size (odd sizes included). */
export function upBlock(p: WeightScope, h: Value, i: number, b: BlockInputs, skips: Value[]): Value {
  const { cfg } = b;
  const n = cfg.blockOutChannels.length;
  const reversed = [...cfg.blockOutChannels].reverse();
  const outC = reversed[i]!;
  const prevC = reversed[Math.max(i - 1, 0)]!;
  const inC = reversed[Math.min(i + 1, n - 1)]!;
  const cross = cfg.up[i] === 'CrossAttnUpBlock3D';
  const layers = cfg.layersPerBlock + 1;
  for (let j = 0; j < layers; j++) {
    const skip = skips.pop()!;
    const skipC = j === layers - 1 ? inC : outC;
    h = p.op('Concat', [h, skip], `skip${j}/Concat`, { axis: 1 });
    h = layer(p, j, h, (j === 0 ? prevC : outC) + skipC, outC, cross, b);
  }
  if (i < n - 1) {
    const next = skips[skips.length - 1]!;
    const up = p.sub('upsamplers').at(0);
    const sizes = shapeFrom(up, [dim(up, h, 0, 'n'), outC, dim(up, next, 2, 'h'), dim(up, next, 3, 'w')], 'sizes');
    const resized = up.op('Resize', [h, null, null, sizes], 'Resize', {
      mode: 'nearest',
      coordinate_transformation_mode: 'asymmetric',
      nearest_mode: 'floor',
    });
    h = conv3x3(up.sub('conv'), resized, outC, outC);
  }
  return h;
}
