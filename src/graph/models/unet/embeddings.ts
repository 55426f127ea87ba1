// The UNet's conditioning (diffusers unet_i2vgen_xl.py forward steps 1–4, embeddings.py Timesteps/TimestepEmbedding):
// sinusoidal time and fps embeddings, the context tokens [text (77), image-latent (8×8), image embedding (in_channels)]
// and the per-frame repeat of both (repeat_interleave over B·F, kept dynamic).
import type { Value } from '../../builder.ts';
import { activation } from '../../ops/activation.ts';
import { conv2d, conv3x3 } from '../../ops/conv.ts';
import { linear } from '../../ops/linear.ts';
import { adaptiveAvgPool2d } from '../../ops/pool.ts';
import { shapeFrom } from '../../ops/shape.ts';
import { reshape, toFloatType, transpose } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import type { UNetConfig } from './config.ts';
import type { VideoDims } from './transformer.ts';

/** Timesteps(C0, flip_sin_to_cos=True, shift 0) on float32 [B] → [cos(t·f), sin(t·f)], computed in float32. */
export function timestepProjection(p: WeightScope, t: Value, channels: number, name: string): Value {
  const half = channels / 2;
  const freqs = Array.from({ length: half }, (_, i) => Math.exp((-Math.log(10000) * i) / half));
  const f = p.g.constant(p.nodeName(`${name}/freqs`), 'float32', [1, half], freqs);
  const args = p.op('Mul', [reshape(p, t, [-1, 1], `${name}/Reshape`), f], `${name}/Mul`);
  const emb = p.op('Concat', [p.op('Cos', [args], `${name}/Cos`), p.op('Sin', [args], `${name}/Sin`)], `${name}/Concat`, { axis: 1 });
  return toFloatType(p.sub(name), emb);
}

/** Linear → SiLU → Linear (TimestepEmbedding `linear_1/linear_2`, or a Sequential `0/2`). */
export function mlp(p: WeightScope, x: Value, first: string, second: string, dims: readonly [number, number, number]): Value {
  const h = activation(p, linear(p.sub(first), x, dims[0], dims[1]), 'silu');
  return linear(p.sub(second), h, dims[1], dims[2]);
}

/** [B, ...rest] → [B·F, ...rest], each batch item repeated F times in a row (repeat_interleave over dim 0). */
export function repeatPerFrame(p: WeightScope, x: Value, rest: readonly number[], dims: VideoDims, name: string): Value {
  const one = reshape(p, x, [0, 1, ...rest], `${name}/Reshape`);
  const expanded = p.op('Expand', [one, shapeFrom(p, [dims.batch, dims.frames, ...rest], `${name}/shape`)], `${name}/Expand`);
  return reshape(p, expanded, [-1, ...rest], `${name}/Flatten`);
}

/** image_latents_context_embedding on frame 0: conv → SiLU → AdaptiveAvgPool2d(32) → conv s2 → SiLU → conv s2 → 64 tokens. */
export function imageLatentContext(p: WeightScope, frame0: Value, cfg: UNetConfig): Value {
  const c = cfg.inChannels;
  const cad = cfg.crossAttentionDim;
  let h = activation(p, conv3x3(p.at(0), frame0, 4, c * 8), 'silu', 'act1');
  h = adaptiveAvgPool2d(p.sub('pool'), h, 32, 32);
  h = conv2d(p.at(3), h, c * 8, c * 16, { kernel: [3, 3], stride: 2, pads: [1, 1, 1, 1] });
  h = activation(p, h, 'silu', 'act2');
  h = conv2d(p.at(5), h, c * 16, cad, { kernel: [3, 3], stride: 2, pads: [1, 1, 1, 1] }); // [B, cad, 8, 8]
  return transpose(p, reshape(p, h, [0, cad, -1], 'tokens/Reshape'), [0, 2, 1], 'tokens/Transpose'); // [B, 64, cad]
}
