// Activation memory of one VAE call (the pipeline encodes the image once and decodes one frame at a time, batch 1):
// the peak of the full-resolution ResNet (its input, the normalised copy and three outputs) and of the mid-block's
// single-head self-attention over every latent position, which the builder lowers unchunked (x, normalised tokens,
// q, k, v, and two [N, N] score tensors alive at once: the scaled scores and their softmax). At the real model's
// factor of 8 the ResNet dominates below about 1024p; a VAE with a small factor (the demo model's 2) has N² scores
// that outgrow everything else from a few hundred pixels on. Reads nothing but the config.
import type { VaeConfig } from './config.ts';

export interface VaeActivationQuery {
  /** Bytes per activation element. */
  readonly floatBytes: number;
  /** Frame size in pixels. */
  readonly width: number;
  readonly height: number;
}

export interface VaeActivations {
  readonly transientBytes: number;
  readonly peakLayer: string;
  /** The largest single tensor (WebGPU must hold it in one buffer). */
  readonly largestTensorBytes: number;
  readonly largestTensor: string;
}

type VaeShape = Pick<VaeConfig, 'blockOutChannels' | 'midBlockAttention'>;

/** Pixels per latent pixel: one ×2 down/upsampler between consecutive levels. */
export function vaeScaleFactor(cfg: Pick<VaeConfig, 'blockOutChannels'>): number {
  return 2 ** (cfg.blockOutChannels.length - 1);
}

export function vaeActivations(cfg: VaeShape, q: VaeActivationQuery): VaeActivations {
  const factor = vaeScaleFactor(cfg);
  const pixels = q.width * q.height;
  const positions = Math.ceil(q.width / factor) * Math.ceil(q.height / factor);
  const [c0 = 0, c1 = c0] = cfg.blockOutChannels;
  const widest = cfg.blockOutChannels[cfg.blockOutChannels.length - 1] ?? 0;

  // The decoder's last up block at full resolution: the upsampled input (second-narrowest channels), the
  // normalised copy, and three outputs at the narrowest.
  const resnet = { layer: 'decoder full-resolution resnet', elements: pixels * (2 * c1 + 3 * c0), largest: pixels * c1 };
  const scores = positions * positions;
  const attention = cfg.midBlockAttention
    ? { layer: 'mid-block self-attention', elements: 5 * positions * widest + 2 * scores, largest: scores }
    : undefined;
  const peak = attention && attention.elements > resnet.elements ? attention : resnet;
  const largest = attention && attention.largest > resnet.largest ? { name: 'mid-block attention scores', elements: attention.largest } : { name: 'decoder upsampled input', elements: resnet.largest };
  return {
    transientBytes: peak.elements * q.floatBytes,
    peakLayer: peak.layer,
    largestTensorBytes: largest.elements * q.floatBytes,
    largestTensor: largest.name,
  };
}
