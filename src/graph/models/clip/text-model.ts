// text_encoder.onnx: CLIPTextModel (transformers modeling_clip.py) as I2VGenXLPipeline uses it with clip_skip=1:
// prompt_embeds = final_layer_norm(hidden_states[-2]), i.e. every encoder layer but the last, then the final
// LayerNorm. The last layer is discarded (recorded, not silently skipped); the pooled output is not built.
// In: input_ids int64 [B, 77]. Out: prompt_embeds float32 [B, 77, hidden_size].
import type { GraphBuilder, Value } from '../../builder.ts';
import { layerNorm } from '../../ops/norm.ts';
import { floatConstant, toFloat32 } from '../../ops/tensor.ts';
import { param } from '../../ops/params.ts';
import type { WeightScope } from '../../scope.ts';
import type { ClipTextConfig } from './config.ts';
import { clipEncoderLayer } from './encoder-layer.ts';

/** Layers the pipeline's clip_skip=1 uses: all but the last. */
export const TEXT_CLIP_SKIP = 1;

export function buildClipTextModel(g: GraphBuilder, root: WeightScope, cfg: ClipTextConfig): void {
  const seq = cfg.maxPositions;
  const ids = g.input('input_ids', 'int64', ['batch', seq]);
  const p = root.sub('text_model');
  const emb = p.sub('embeddings');
  const tokenTable = param(emb.sub('token_embedding'), 'weight', [cfg.vocabSize, cfg.hiddenSize]);
  const tokens = emb.op('Gather', [tokenTable, ids], 'token_embedding/Gather', { axis: 0 });
  // position_ids are 0..seq-1 for every prompt (fixed length 77), so the whole table is added as is.
  const positions = param(emb.sub('position_embedding'), 'weight', [seq, cfg.hiddenSize]);
  let h: Value = emb.op('Add', [tokens, positions], 'Add');
  if (emb.has('position_ids')) emb.sub('position_ids').discard('buffer 0..76, implied by the fixed sequence length');

  const mask = floatConstant(p, 'causal_mask', [1, 1, seq, seq], causalMask(seq, g.floatType));
  const layers = p.sub('encoder').sub('layers');
  const used = cfg.layers - TEXT_CLIP_SKIP;
  if (used < 1) throw new Error(`text encoder with ${cfg.layers} layer(s) cannot skip ${TEXT_CLIP_SKIP}`);
  for (let i = 0; i < used; i++) h = clipEncoderLayer(layers.at(i), h, cfg, mask);
  for (let i = used; i < cfg.layers; i++) layers.at(i).discard('clip_skip=1: the pipeline uses the penultimate hidden state');

  const out = layerNorm(p.sub('final_layer_norm'), h, cfg.hiddenSize, cfg.eps);
  g.output('prompt_embeds', toFloat32(p, out), ['batch', seq, cfg.hiddenSize]);
}

/** 0 on and below the diagonal, the float type's lowest finite value above (as transformers' causal mask). */
function causalMask(seq: number, dtype: 'float32' | 'float16'): Float32Array {
  const lowest = dtype === 'float16' ? -65504 : -3.4028234663852886e38;
  const m = new Float32Array(seq * seq);
  for (let i = 0; i < seq; i++) for (let j = i + 1; j < seq; j++) m[i * seq + j] = lowest;
  return m;
}
