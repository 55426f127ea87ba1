// CLIP text / vision configs (transformers CLIPTextConfig / CLIPVisionConfig), read and validated from config.json.
import type { ModelConfig } from '../../config.ts';

export interface ClipEncoderConfig {
  readonly hiddenSize: number;
  readonly intermediateSize: number;
  readonly layers: number;
  readonly heads: number;
  readonly headDim: number;
  readonly act: 'gelu' | 'quick_gelu';
  readonly eps: number;
}

export function readEncoderConfig(c: ModelConfig): ClipEncoderConfig {
  const hiddenSize = c.int('hidden_size');
  const heads = c.int('num_attention_heads');
  if (hiddenSize % heads !== 0) throw c.bad('num_attention_heads', `must divide hidden_size ${hiddenSize}`, heads);
  return {
    hiddenSize,
    intermediateSize: c.int('intermediate_size'),
    layers: c.int('num_hidden_layers'),
    heads,
    headDim: hiddenSize / heads,
    act: c.oneOf('hidden_act', ['gelu', 'quick_gelu'] as const),
    eps: c.number('layer_norm_eps', 1e-5),
  };
}

export interface ClipTextConfig extends ClipEncoderConfig {
  readonly vocabSize: number;
  readonly maxPositions: number;
}

export function readTextConfig(c: ModelConfig): ClipTextConfig {
  c.oneOf('model_type', ['clip_text_model'] as const, 'clip_text_model');
  return { ...readEncoderConfig(c), vocabSize: c.int('vocab_size'), maxPositions: c.int('max_position_embeddings', 77) };
}

export interface ClipVisionConfig extends ClipEncoderConfig {
  readonly imageSize: number;
  readonly patchSize: number;
  readonly channels: number;
  readonly projectionDim: number;
}

export function readVisionConfig(c: ModelConfig): ClipVisionConfig {
  c.oneOf('model_type', ['clip_vision_model'] as const, 'clip_vision_model');
  const imageSize = c.int('image_size');
  const patchSize = c.int('patch_size');
  if (imageSize % patchSize !== 0) throw c.bad('patch_size', `must divide image_size ${imageSize}`, patchSize);
  return {
    ...readEncoderConfig(c),
    imageSize,
    patchSize,
    channels: c.int('num_channels', 3),
    projectionDim: c.int('projection_dim'),
  };
}
