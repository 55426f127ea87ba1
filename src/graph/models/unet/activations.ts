// Activation memory of one UNet call (the config-only half of memory.ts's model): the skip connections held for the
// up path, the largest set of transient tensors alive at one layer, and the largest single tensor. Walks the same
// blocks the builder emits (attention: x, tokens, q, k, v, one chunk of scores and probabilities, context;
// feed-forward: x, tokens, GEGLU projection, gelu(gate), product; ResNet: input, normalised, conv outputs). Reads
// nothing but the config, so the page's pre-flight uses it without the graph builder.
import type { AttentionLowering } from '../../builder.ts';
import { IMAGE_LATENT_TOKENS, TEXT_TOKENS, type UNetConfig } from './config.ts';

/** ORT's allocator adds alignment and arena slack to the tensors themselves: estimates multiply by this. */
export const ARENA_SLACK = 1.1;

export interface UNetActivationQuery {
  /** Bytes per activation element: 2 for fp16 compute (fp16, q4f16), 4 for fp32 compute. */
  readonly floatBytes: number;
  /** Latent size (pixels / the VAE factor, 8 for the real model). */
  readonly latentHeight: number;
  readonly latentWidth: number;
  readonly frames: number;
  /** 2 with classifier-free guidance. */
  readonly batch: number;
  /** Default: the builder's chunked attention, 16 query chunks at the largest level. */
  readonly attention?: AttentionLowering;
}

export interface UNetActivations {
  readonly skipBytes: number;
  readonly transientBytes: number;
  /** The layer whose transients set the peak. */
  readonly peakLayer: string;
  /** The largest single tensor: WebGPU must hold it in one buffer (maxBufferSize, maxStorageBufferBindingSize). */
  readonly largestTensorBytes: number;
  readonly largestTensor: string;
}

export function unetActivations(cfg: UNetConfig, q: UNetActivationQuery): UNetActivations {
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
  let largest = 0;
  let largestTensor = '';
  const consider = (layer: string, elements: number) => {
    if (elements > peak) [peak, peakLayer] = [elements, layer];
  };
  const tensor = (name: string, elements: number) => {
    if (elements > largest) [largest, largestTensor] = [elements, name];
  };
  const spatialTransformer = (layer: string, c: number, level: number) => {
    const n = size(level);
    const heads = c / cfg.headDim;
    const chunks = attention.mode === 'chunked' ? Math.max(1, Math.floor(attention.queryChunks / 4 ** level)) : 1;
    const act = bf * n * c; // one [B·F, N, C] tensor
    // mha runs FlashAttention: no score matrix at all.
    const scoreChunk = attention.mode === 'mha' ? 0 : bf * heads * Math.ceil(n / chunks) * n;
    consider(`${layer} self-attention`, 7 * act + 2 * scoreChunk);
    tensor(`${layer} self-attention scores`, scoreChunk);
    const crossChunk = attention.mode === 'mha' ? 0 : bf * heads * Math.ceil(n / chunks) * tokens;
    consider(`${layer} cross-attention`, 5 * act + 2 * bf * tokens * c + 2 * crossChunk);
    consider(`${layer} feed-forward`, 2 * act + 16 * act); // GEGLU: 8C projection + 4C gelu + 4C product
    tensor(`${layer} feed-forward projection`, 8 * act);
  };
  const temporalTransformer = (layer: string, inner: number, c: number, level: number) => {
    const n = size(level);
    const act = bf * n * inner;
    consider(`${layer} feed-forward`, 2 * bf * n * c + 2 * act + 16 * act);
    tensor(`${layer} feed-forward projection`, 8 * act);
  };
  const resnet = (layer: string, inC: number, outC: number, level: number) => {
    consider(layer, bf * size(level) * (2 * inC + 3 * outC));
    tensor(`${layer} input`, bf * size(level) * inC);
  };

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

  return {
    skipBytes: skips * q.floatBytes,
    transientBytes: peak * q.floatBytes,
    peakLayer,
    largestTensorBytes: largest * q.floatBytes,
    largestTensor,
  };
}
