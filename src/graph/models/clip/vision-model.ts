// image_encoder.onnx: CLIPVisionModelWithProjection (transformers modeling_clip.py):
// image_embeds = visual_projection(post_layernorm(last_hidden_state[:, 0])).
// In: pixel_values float32 [B, C, S, S]. Out: image_embeds float32 [B, projection_dim].
import type { GraphBuilder, Value } from '../../builder.ts';
import { conv2d } from '../../ops/conv.ts';
import { linear } from '../../ops/linear.ts';
import { layerNorm } from '../../ops/norm.ts';
import { param } from '../../ops/params.ts';
import { reshape, shapeOf, toFloat32, toFloatType, transpose } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import type { ClipVisionConfig } from './config.ts';
import { clipEncoderLayer } from './encoder-layer.ts';

export function buildClipVisionModel(g: GraphBuilder, root: WeightScope, cfg: ClipVisionConfig): void {
  const d = cfg.hiddenSize;
  const s = cfg.imageSize;
  const patches = (s / cfg.patchSize) ** 2;
  const pixels = g.input('pixel_values', 'float32', ['batch', cfg.channels, s, s]);
  const p = root.sub('vision_model');
  const emb = p.sub('embeddings');

  // CLIPVisionEmbeddings: patch conv (no bias) → tokens, CLS token first, plus all position embeddings.
  const conv = conv2d(emb.sub('patch_embedding'), toFloatType(emb, pixels), cfg.channels, d, {
    kernel: [cfg.patchSize, cfg.patchSize],
    stride: cfg.patchSize,
    bias: false,
  });
  const tokens = transpose(emb, reshape(emb, conv, [0, d, -1], 'patches/Reshape'), [0, 2, 1], 'patches/Transpose');
  const cls = param(emb, 'class_embedding', [d], { dims: [1, 1, d] });
  // Expand CLS to [B, 1, d]: the batch dim comes from the tokens' shape.
  const batchDim = emb.op('Slice', [shapeOf(emb, tokens), g.constant(emb.nodeName('b0'), 'int64', [1], [0]), g.constant(emb.nodeName('b1'), 'int64', [1], [1])], 'batch/Slice');
  const clsShape = emb.op('Concat', [batchDim, g.constant(emb.nodeName('cls_dims'), 'int64', [2], [1, d])], 'cls/shape', { axis: 0 });
  const clsTokens = emb.op('Expand', [cls, clsShape], 'cls/Expand');
  const all = emb.op('Concat', [clsTokens, tokens], 'Concat', { axis: 1 });
  const positions = param(emb.sub('position_embedding'), 'weight', [patches + 1, d]);
  if (emb.has('position_ids')) emb.sub('position_ids').discard('buffer 0..N, implied by the fixed image size');
  let h: Value = emb.op('Add', [all, positions], 'Add');

  h = layerNorm(p.sub('pre_layrnorm'), h, d, cfg.eps); // sic: the checkpoint key is "pre_layrnorm"
  const layers = p.sub('encoder').sub('layers');
  for (let i = 0; i < cfg.layers; i++) h = clipEncoderLayer(layers.at(i), h, cfg);

  const clsOut = p.op('Gather', [h, g.constant(p.nodeName('cls_index'), 'int64', [], [0])], 'cls/Gather', { axis: 1 });
  const pooled = layerNorm(p.sub('post_layernorm'), clsOut, d, cfg.eps);
  const embeds = linear(root.sub('visual_projection'), pooled, d, cfg.projectionDim, false);
  g.output('image_embeds', toFloat32(root.sub('visual_projection'), embeds), ['batch', cfg.projectionDim]);
}
