// vae_encoder.onnx: AutoencoderKL encoder + quant_conv (diffusers autoencoders/vae.py Encoder, autoencoder_kl.py).
// In: sample float32 [B, 3, H, W] in [-1, 1]. Out: latent_mean, latent_std float32 [B, C, H/f, W/f] (unscaled:
// std = exp(0.5 · clamp(logvar, -30, 20)); the pipeline samples mean + std·ε and scales).
import type { GraphBuilder } from '../../builder.ts';
import { activation } from '../../ops/activation.ts';
import { conv1x1, conv3x3 } from '../../ops/conv.ts';
import { groupNorm } from '../../ops/norm.ts';
import { scalar, toFloat32, toFloatType } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import { downsample, midBlock, resnetBlock } from './blocks.ts';
import { VAE_NORM_EPS, type VaeConfig } from './config.ts';

export function buildVaeEncoder(g: GraphBuilder, root: WeightScope, cfg: VaeConfig): void {
  const ch = cfg.blockOutChannels;
  const last = ch[ch.length - 1]!;
  const sample = g.input('sample', 'float32', ['batch', cfg.inChannels, 'height', 'width']);
  const p = root.sub('encoder');
  let h = conv3x3(p.sub('conv_in'), toFloatType(p, sample), cfg.inChannels, ch[0]!);
  let inC = ch[0]!;
  ch.forEach((outC, i) => {
    const block = p.sub('down_blocks').at(i);
    for (let j = 0; j < cfg.layersPerBlock; j++) {
      h = resnetBlock(block.sub('resnets').at(j), h, j === 0 ? inC : outC, outC, cfg);
    }
    if (i < ch.length - 1) h = downsample(block.sub('downsamplers').at(0), h, outC);
    inC = outC;
  });
  h = midBlock(p.sub('mid_block'), h, last, cfg);
  h = activation(p, groupNorm(p.sub('conv_norm_out'), h, cfg.groups, last, VAE_NORM_EPS), cfg.act, 'conv_act');
  const c2 = 2 * cfg.latentChannels; // double_z
  h = conv3x3(p.sub('conv_out'), h, last, c2);
  const moments = cfg.useQuantConv ? conv1x1(root.sub('quant_conv'), h, c2, c2) : h;

  const q = root.sub('latent_dist');
  const split = g.constant(q.nodeName('split'), 'int64', [2], [cfg.latentChannels, cfg.latentChannels]);
  const [mean, logvar] = g.node('Split', [moments, split], q.nodeName('Split'), { attrs: { axis: 1 }, outputs: 2 });
  const lo = scalar(q, 'logvar_min', -30);
  const hi = scalar(q, 'logvar_max', 20);
  const clamped = q.op('Clip', [logvar!, lo, hi], 'Clip');
  const std = q.op('Exp', [q.op('Mul', [clamped, scalar(q, 'half', 0.5)], 'Mul')], 'Exp');
  const dims = ['batch', cfg.latentChannels, 'latent_height', 'latent_width'];
  g.output('latent_mean', toFloat32(q.sub('mean'), mean!), dims);
  g.output('latent_std', toFloat32(q.sub('std'), std), dims);
}
