// Memory model of our UNet graph (used by the app's pre-flight): the peak GPU memory of one UNet call for
// (precision, latent size, frames, batch, attention chunks). Weights: the initializer bytes of the graph itself
// (built against synthetic weights, nothing read). Activations: walking the same blocks the builder emits, the
// largest set of tensors alive at one node — the skip connections held for the up path plus the transient
// tensors of the layer being run (attention: x, tokens, q, k, v, one chunk of scores and probabilities, context;
// feed-forward: x, tokens, GEGLU projection, gelu(gate), product; ResNet: input, normalised, conv outputs).
// An estimate, not a measurement: ORT's allocator adds alignment and arena slack (ARENA_SLACK).
import { type AttentionLowering, GraphBuilder } from '../../builder.ts';
import type { Precision } from '../../quant/precision.ts';
import { DEFAULT_POLICY } from '../../quant/policy.ts';
import { WeightScope, WeightUsage } from '../../scope.ts';
import { graphStats } from '../../stats.ts';
import { SyntheticWeights } from '../../synthetic.ts';
import { IMAGE_LATENT_TOKENS, TEXT_TOKENS, buildI2VGenXLUNet } from './unet.ts';
import type { UNetConfig } from './config.ts';

export const ARENA_SLACK = 1.1;

export interface UNetMemoryQuery {
  readonly precision: Precision;
  /** Latent size (pixels / the VAE factor, 8 for the real model). */
  readonly latentHeight: number;
  readonly latentWidth: number;
  readonly frames: number;
  /** 2 with classifier-free guidance. */
  readonly batch: number;
  readonly attention?: AttentionLowering;
}

export interface UNetMemoryEstimate {
  readonly weightBytes: number;
  readonly skipBytes: number;
  readonly transientBytes: number;
  /** The layer whose transients set the peak. */
  readonly peakLayer: string;
  readonly totalBytes: number;
}

const weightCache = new Map<string, number>();

/** Initializer bytes of the UNet graph for this config and precision (built once per pair, no weights read). */
export function unetWeightBytes(cfg: UNetConfig, precision: Precision): number {
  const key = `${JSON.stringify(cfg)}|${precision}`;
  let bytes = weightCache.get(key);
  if (bytes === undefined) {
    const g = new GraphBuilder({ name: 'unet', precision, policy: DEFAULT_POLICY, component: 'unet' });
    buildI2VGenXLUNet(g, WeightScope.root(g, new WeightUsage(new SyntheticWeights('memory model', 0))), cfg);
    bytes = graphStats(g).initializerBytes;
    weightCache.set(key, bytes);
  }
  return bytes;
}

export function estimateUNetMemory(cfg: UNetConfig, q: UNetMemoryQuery): UNetMemoryEstimate {
  const float = q.precision === 'fp16' || q.precision === 'q4f16' ? 2 : 4;
  const attention = q.attention ?? { mode: 'chunked', queryChunks: 16 };
  const bf = q.batch * q.frames;
  const tokens = TEXT_TOKENS + IMAGE_LATENT_TOKENS + cfg.inChannels;
  const levels = cfg.blockOutChannels.length;
  const size = (level: number) => {
    let h = q.latentHeight;
    let w = q.latentWidth;
    for (let i = 0; i < level; i++) [h, w] = [Math.ceil(h / 2), Math.ceil(w / 2)];
    return h * w;
  };

  // Skip connections (elements): conv_in output, each down layer's output, each downsampler's output.
  let skips = bf * cfg.blockOutChannels[0]! * size(0);
  cfg.blockOutChannels.forEach((c, i) => {
    skips += cfg.layersPerBlock * bf * c * size(i);
    if (i < levels - 1) skips += bf * c * size(i + 1);
  });

  let peak = 0;
  let peakLayer = '';
  const consider = (layer: string, elements: number) => {
    if (elements > peak) [peak, peakLayer] = [elements, layer];
  };
  const spatialTransformer = (layer: string, c: number, level: number) => {
    const n = size(level);
    const heads = c / cfg.headDim;
    const chunks = attention.mode === 'chunked' ? Math.max(1, Math.floor(attention.queryChunks / 4 ** level)) : 1;
    const act = bf * n * c; // one [B·F, N, C] tensor
    // mha runs FlashAttention: no score matrix at all.
    const scores = attention.mode === 'mha' ? 0 : 2 * bf * heads * Math.ceil(n / chunks) * n;
    consider(`${layer} self-attention`, 7 * act + scores);
    const crossScores = attention.mode === 'mha' ? 0 : 2 * bf * heads * Math.ceil(n / chunks) * tokens;
    consider(`${layer} cross-attention`, 5 * act + 2 * bf * tokens * c + crossScores);
    consider(`${layer} feed-forward`, 2 * act + 16 * act); // GEGLU: 8C projection + 4C gelu + 4C product
  };
  const temporalTransformer = (layer: string, inner: number, c: number, level: number) => {
    const n = size(level);
    const act = bf * n * inner;
    consider(`${layer} feed-forward`, 2 * bf * n * c + 2 * act + 16 * act);
  };
  const resnet = (layer: string, inC: number, outC: number, level: number) => consider(layer, bf * size(level) * (2 * inC + 3 * outC));

  temporalTransformer('transformer_in', 8 * cfg.headDim, cfg.blockOutChannels[0]!, 0);
  cfg.blockOutChannels.forEach((c, i) => {
    resnet(`down_blocks.${i} resnet`, i === 0 ? c : cfg.blockOutChannels[i - 1]!, c, i);
    if (cfg.down[i] === 'CrossAttnDownBlock3D') {
      spatialTransformer(`down_blocks.${i}`, c, i);
      temporalTransformer(`down_blocks.${i} temporal`, c, c, i);
    }
  });
  const reversed = [...cfg.blockOutChannels].reverse();
  reversed.forEach((c, i) => {
    const level = levels - 1 - i;
    resnet(`up_blocks.${i} resnet`, 2 * c + reversed[Math.min(i + 1, levels - 1)]!, c, level);
    if (cfg.up[i] === 'CrossAttnUpBlock3D') {
      spatialTransformer(`up_blocks.${i}`, c, level);
      temporalTransformer(`up_blocks.${i} temporal`, c, c, level);
    }
  });

  const weightBytes = unetWeightBytes(cfg, q.precision);
  const skipBytes = skips * float;
  const transientBytes = peak * float;
  return {
    weightBytes,
    skipBytes,
    transientBytes,
    peakLayer,
    totalBytes: Math.round((weightBytes + skipBytes + transientBytes) * ARENA_SLACK),
  };
}
