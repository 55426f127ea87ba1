// Quantization policy as data: which weights go 4-bit in the q4 precisions. First matching rule wins.
// Only weights consumed by a Linear layer (MatMul) can be 4-bit (MatMulNBits); convolutions, embeddings and norms
// stay float (fp16 in q4f16, fp32 in q4f32).

export type WeightFormat = 'float' | 'q4';

export type LayerKind = 'linear' | 'conv';

export interface QuantRule {
  /** Linear (MatMulNBits) or convolution (int4 DequantizeLinear → Conv) weights; default linear. */
  readonly layer?: LayerKind;
  /** Checkpoint component (`text_encoder`, `image_encoder`, `vae`, `unet`) or '*'. */
  readonly component: string;
  /** Regular expression on the checkpoint key of the weight. */
  readonly key: RegExp;
  /** The rule applies only to layers with fewer input features (conv: in·kh·kw) than this. */
  readonly inFeaturesBelow?: number;
  readonly format: WeightFormat;
  readonly why: string;
}

export type QuantPolicy = readonly QuantRule[];

/** MatMulNBits block size: 32 is the only size onnxruntime-web's fast WideTile WebGPU kernel takes. */
export const Q4_BLOCK_SIZE = 32;

/** Every Linear weight 4-bit, convolutions float. */
export const LINEAR_ONLY_POLICY: QuantPolicy = [
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

/**
 * The default: LINEAR_ONLY_POLICY plus the UNet's ResNet, shortcut, temporal and resampling convolutions 4-bit
 * (about 60 % of its parameters; without them a q4f16 bundle is 2.6 GiB instead of ~1.6). conv_in, conv_out and
 * the small image-latent convolutions stay float.
 */
export const DEFAULT_POLICY: QuantPolicy = [
  { layer: 'conv', component: '*', key: /.*/, inFeaturesBelow: 32, format: 'float', why: 'less than one 32-wide block' },
  {
    layer: 'conv',
    component: 'unet',
    key: /(resnets\.\d+\.(conv1|conv2|conv_shortcut)|temp_convs\.\d+\.conv\d\.\d|downsamplers\.0\.conv|upsamplers\.0\.conv)\.weight$/,
    format: 'q4',
    why: 'the UNet body convolutions: 4-bit blocks of 32 along in·kh·kw',
  },
  ...LINEAR_ONLY_POLICY,
];

export const POLICIES: Readonly<Record<string, QuantPolicy>> = { default: DEFAULT_POLICY, 'linear-only': LINEAR_ONLY_POLICY };

export function weightFormat(
  policy: QuantPolicy,
  component: string,
  key: string,
  inFeatures: number,
  layer: LayerKind = 'linear',
): WeightFormat {
  for (const rule of policy) {
    if ((rule.layer ?? 'linear') !== layer) continue;
    if (rule.component !== '*' && rule.component !== component) continue;
    if (rule.inFeaturesBelow !== undefined && inFeatures >= rule.inFeaturesBelow) continue;
    if (rule.key.test(key)) return rule.format;
  }
  return 'float';
}
