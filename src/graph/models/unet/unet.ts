// unet.onnx: diffusers I2VGenXLUNet (models/unets/unet_i2vgen_xl.py, 0.33.1), forward steps 1–9.
// In: sample, image_latents float32 [B, C, F, h, w]; timestep, fps float32 [B]; image_embeddings float32 [B, 1, P];
// encoder_hidden_states float32 [B, 77, D]. Out: noise_pred float32 [B, C, F, h, w]. B, F, h, w stay dynamic.
import type { GraphBuilder, Value } from '../../builder.ts';
import { activation } from '../../ops/activation.ts';
import { conv3x3 } from '../../ops/conv.ts';
import { groupNorm } from '../../ops/norm.ts';
import { dim } from '../../ops/shape.ts';
import { reshape, toFloat32, toFloatType, transpose } from '../../ops/tensor.ts';
import type { WeightScope } from '../../scope.ts';
import { type BlockInputs, downBlock, midBlock, upBlock } from './blocks.ts';
import { IMAGE_LATENT_TOKENS, RESNET_EPS, TEXT_TOKENS, type UNetConfig } from './config.ts';
import { imageLatentContext, mlp, repeatPerFrame, timestepProjection } from './embeddings.ts';
import { temporalEncoder } from './temporal-encoder.ts';
import { reshape4, transformerTemporal, type VideoDims } from './transformer.ts';

export function buildI2VGenXLUNet(g: GraphBuilder, p: WeightScope, cfg: UNetConfig): void {
  const c = cfg.inChannels;
  const c0 = cfg.blockOutChannels[0]!;
  const cad = cfg.crossAttentionDim;
  const te = cfg.timeEmbedDim;
  const video = ['batch', c, 'frames', 'height', 'width'];
  const sample = g.input('sample', 'float32', video);
  const timestep = g.input('timestep', 'float32', ['batch']);
  const fps = g.input('fps', 'float32', ['batch']);
  const imageLatents = g.input('image_latents', 'float32', video);
  const imageEmbeddings = g.input('image_embeddings', 'float32', ['batch', 1, cad]);
  const textEmbeddings = g.input('encoder_hidden_states', 'float32', ['batch', TEXT_TOKENS, cad]);
  const dims: VideoDims = { batch: dim(p, sample, 0, 'batch'), frames: dim(p, sample, 2, 'frames') };

  // 1–3. time + fps embeddings, repeated per frame.
  const tEmb = mlp(p.sub('time_embedding'), timestepProjection(p, timestep, c0, 'time_proj'), 'linear_1', 'linear_2', [c0, te, te]);
  const fpsEmb = mlp(p.sub('fps_embedding'), timestepProjection(p, fps, c0, 'fps_proj'), '0', '2', [c0, te, te]);
  g.intermediate('time_embedding', tEmb);
  g.intermediate('fps_embedding', fpsEmb);
  const temb = repeatPerFrame(p, p.op('Add', [tEmb, fpsEmb], 'emb/Add'), [te], dims, 'emb');

  // 4. context tokens: text, image-latent context (frame 0), image embedding → repeated per frame.
  const latents = toFloatType(p.sub('image_latents'), imageLatents);
  const frame0 = p.op('Gather', [latents, g.constant(p.nodeName('frame0'), 'int64', [], [0])], 'frame0/Gather', { axis: 2 });
  const latentTokens = imageLatentContext(p.sub('image_latents_context_embedding'), frame0, cfg);
  const imageTokens = reshape(p, mlp(p.sub('context_embedding'), toFloatType(p.sub('image_embeddings'), imageEmbeddings), '0', '2', [cad, te, cad * c]), [-1, c, cad], 'image_tokens/Reshape');
  const tokens = TEXT_TOKENS + IMAGE_LATENT_TOKENS + c;
  const context = p.op('Concat', [toFloatType(p.sub('encoder_hidden_states'), textEmbeddings), latentTokens, imageTokens], 'context/Concat', { axis: 1 });
  const contextPerFrame = repeatPerFrame(p, context, [tokens, cad], dims, 'context');

  // image latents → per-frame conv stack → temporal encoder over each pixel's frames → [B, F, C, h·w].
  const perFrame = reshape4(p, transpose(p, latents, [0, 2, 1, 3, 4], 'image_latents/Transpose'), [-1, c, dim(p, sample, 3, 'h'), dim(p, sample, 4, 'w')], 'image_latents/frames');
  const proj = p.sub('image_latents_proj_in');
  let il = activation(proj, conv3x3(proj.at(0), perFrame, 4, c * 4), 'silu', 'act1');
  il = activation(proj, conv3x3(proj.at(2), il, c * 4, c * 4), 'silu', 'act2');
  il = conv3x3(proj.at(4), il, c * 4, c);
  g.intermediate('image_latents_proj_in', il);
  const pixels = transpose(p, reshape4(p, il, [dims.batch, dims.frames, c, -1], 'il/video'), [0, 3, 1, 2], 'il/Transpose'); // [B, HW, F, C]
  const encoded = temporalEncoder(p.sub('image_latents_temporal_encoder'), reshape4(p, pixels, [-1, dims.frames, c], 'il/tokens'), c);
  g.intermediate('image_latents_temporal_encoder', encoded);
  const ilFrames = transpose(p, reshape4(p, encoded, [dims.batch, -1, dims.frames, c], 'il/pixels'), [0, 2, 3, 1], 'il/frames'); // [B, F, C, HW]

  // 5. cat(sample, image latents) on channels → conv_in → transformer_in.
  const x = toFloatType(p.sub('sample'), sample);
  const sampleFrames = reshape4(p, transpose(p, x, [0, 2, 1, 3, 4], 'sample/Transpose'), [dims.batch, dims.frames, c, -1], 'sample/frames');
  const both = p.op('Concat', [sampleFrames, ilFrames], 'sample/Concat', { axis: 2 }); // [B, F, 2C, HW]
  const input = reshape4(p, both, [-1, 2 * c, dim(p, sample, 3, 'h2'), dim(p, sample, 4, 'w2')], 'conv_in/input');
  let h = conv3x3(p.sub('conv_in'), input, 2 * c, c0);
  g.intermediate('conv_in', h);
  h = transformerTemporal(p.sub('transformer_in'), h, c0, dims, { groups: cfg.groups, heads: 8, headDim: cfg.headDim });
  g.intermediate('transformer_in', h);

  // 6–8. down, mid, up; query chunks shrink 4× per level (N shrinks 4×).
  const chunks = (level: number) => {
    const a = g.attention;
    return a.mode === 'chunked' ? Math.max(1, Math.floor(a.queryChunks / 4 ** level)) : 1;
  };
  const inputs = (level: number): BlockInputs => ({ temb, context: contextPerFrame, dims, cfg, queryChunks: chunks(level) });
  const skips: Value[] = [h];
  const n = cfg.blockOutChannels.length;
  for (let i = 0; i < n; i++) {
    h = downBlock(p.sub('down_blocks').at(i), h, i, inputs(i), skips);
    g.intermediate(`down_blocks.${i}`, h);
  }
  h = midBlock(p.sub('mid_block'), h, inputs(n - 1));
  g.intermediate('mid_block', h);
  for (let i = 0; i < n; i++) {
    h = upBlock(p.sub('up_blocks').at(i), h, i, inputs(n - 1 - i), skips);
    g.intermediate(`up_blocks.${i}`, h);
  }

  // 9. out: GroupNorm → SiLU → conv_out → [B, C, F, h, w].
  h = groupNorm(p.sub('conv_norm_out'), h, cfg.groups, c0, RESNET_EPS);
  g.intermediate('conv_norm_out', h);
  h = conv3x3(p.sub('conv_out'), activation(p, h, 'silu', 'conv_act'), c0, cfg.outChannels);
  const out = reshape4(p, h, [dims.batch, dims.frames, cfg.outChannels, dim(p, sample, 3, 'h3'), dim(p, sample, 4, 'w3')], 'out');
  g.output('noise_pred', toFloat32(p.sub('conv_out'), transpose(p, out, [0, 2, 1, 3, 4], 'out/Transpose')), video);
}
