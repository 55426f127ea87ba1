// vae_decoder.onnx: post_quant_conv + AutoencoderKL decoder (diffusers autoencoders/vae.py Decoder).
// In: latent float32 [B, C, h, w], already divided by the scaling factor. Out: sample float32 [B, 3, H, W] (unclamped).
import type { GraphBuilder } from '../../builder.ts';
import { activation } from '../../ops/activation.ts';
import { conv1x1, conv3x3 } from '../../ops/conv.ts';
import { groupNorm } from '../../ops/norm.ts';
import { toFloat32, toFloatType } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import { midBlock, resnetBlock, upsample } from './blocks.ts';
import { VAE_NORM_EPS, type VaeConfig } from './config.ts';

export function buildVaeDecoder(g: GraphBuilder, root: WeightScope, cfg: VaeConfig): void {
  const reversed = [...cfg.blockOutChannels].reverse();
  const top = reversed[0]!;
  const latent = g.input('latent', 'float32', ['batch', cfg.latentChannels, 'latent_height', 'latent_width']);
  const p = root.sub('decoder');
  let z = toFloatType(p, latent);
  const lc = cfg.latentChannels;
  if (cfg.usePostQuantConv) z = conv1x1(root.sub('post_quant_conv'), z, lc, lc);
  let h = conv3x3(p.sub('conv_in'), z, lc, top);
  h = midBlock(p.sub('mid_block'), h, top, cfg);
  let prevC = top;
  reversed.forEach((outC, i) => {
    const block = p.sub('up_blocks').at(i);
    for (let j = 0; j <= cfg.layersPerBlock; j++) {
      h = resnetBlock(block.sub('resnets').at(j), h, j === 0 ? prevC : outC, outC, cfg);
    }
    if (i < reversed.length - 1) h = upsample(block.sub('upsamplers').at(0), h, outC);
    prevC = outC;
  });
  const first = cfg.blockOutChannels[0]!;
  h = activation(p, groupNorm(p.sub('conv_norm_out'), h, cfg.groups, first, VAE_NORM_EPS), cfg.act, 'conv_act');
  h = conv3x3(p.sub('conv_out'), h, first, cfg.outChannels);
  g.output('sample', toFloat32(p, h), ['batch', cfg.outChannels, 'height', 'width']);
}
