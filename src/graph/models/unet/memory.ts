// Memory model of our UNet graph (used by the app's pre-flight): the peak GPU memory of one UNet call for
// (precision, latent size, frames, batch, attention chunks). Weights: the initializer bytes of the graph itself
// (built against synthetic weights, nothing read). Activations: activations.ts (the skip connections held for the
// up path plus the largest set of transient tensors at one layer; config only, so the page uses it too).
// An estimate, not a measurement: ORT's allocator adds alignment and arena slack (ARENA_SLACK).
import { type AttentionLowering, GraphBuilder } from '../../builder.ts';
import type { Precision } from '../../quant/precision.ts';
import { DEFAULT_POLICY } from '../../quant/policy.ts';
import { WeightScope, WeightUsage } from '../../scope.ts';
import { graphStats } from '../../stats.ts';
import { SyntheticWeights } from '../../synthetic.ts';
import { ARENA_SLACK, unetActivations } from './activations.ts';
import { buildI2VGenXLUNet } from './unet.ts';
import type { UNetConfig } from './config.ts';

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
  const floatBytes = q.precision === 'fp16' || q.precision === 'q4f16' ? 2 : 4;
  const { skipBytes, transientBytes, peakLayer } = unetActivations(cfg, { ...q, floatBytes });
  const weightBytes = unetWeightBytes(cfg, q.precision);
  return {
    weightBytes,
    skipBytes,
    transientBytes,
    peakLayer,
    totalBytes: Math.round((weightBytes + skipBytes + transientBytes) * ARENA_SLACK),
  };
}
