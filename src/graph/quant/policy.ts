// Quantization policy as data: which weights go 4-bit in the q4 precisions. First matching rule wins.
// Only weights consumed by a Linear layer (MatMul) can be 4-bit (MatMulNBits); convolutions, embeddings and norms
// stay float (fp16 in q4f16, fp32 in q4f32).

export type WeightFormat = 'float' | 'q4';

export interface QuantRule {
  /** Checkpoint component (`text_encoder`, `image_encoder`, `vae`, `unet`) or '*'. */
  readonly component: string;
  /** Regular expression on the checkpoint key of the weight. */
  readonly key: RegExp;
  /** The rule applies only to Linear layers with fewer input features than this. */
  readonly inFeaturesBelow?: number;
  readonly format: WeightFormat;
  readonly why: string;
}

export type QuantPolicy = readonly QuantRule[];

/** MatMulNBits block size: 32 is the only size onnxruntime-web's fast WideTile WebGPU kernel takes. */
export const Q4_BLOCK_SIZE = 32;

export const DEFAULT_POLICY: QuantPolicy = [
  { component: 'vae', key: /.*/, format: 'float', why: 'the VAE is 84 M parameters, mostly convolutions, and decides the pixels' },
  { component: '*', key: /visual_projection\.weight$/, format: 'float', why: 'final projection into the UNet: small and sensitive' },
  {
    component: '*',
    key: /.*/,
    inFeaturesBelow: 32,
    format: 'float',
    why:
      'less than one 32-wide block: nothing to save, and onnxruntime-web 1.30 WebGPU MatMulNBits returns wrong values ' +
      'for K=4/N=8 and K=8/N=4 — exactly the real UNet\'s image_latents_temporal_encoder attention (measured; ' +
      'the other 47 small K/N pairs tried were exact)',
  },
  { component: '*', key: /\.weight$/, format: 'q4', why: 'every other Linear weight: 4-bit blocks of 32 along the input dim' },
];

export function weightFormat(policy: QuantPolicy, component: string, key: string, inFeatures: number): WeightFormat {
  for (const rule of policy) {
    if (rule.component !== '*' && rule.component !== component) continue;
    if (rule.inFeaturesBelow !== undefined && inFeatures >= rule.inFeaturesBelow) continue;
    if (rule.key.test(key)) return rule.format;
  }
  return 'float';
}
