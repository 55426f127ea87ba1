// The per-component cases `npm run bench` times: every graph of the bundle (text encoder, image encoder, VAE
// encoder, VAE decoder for one frame, one UNet step with CFG) for the tiny diffusers fixture and a mid-size
// config with the real channel widths (fewer layers, small spatial size, synthetic weights), built to a folder.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildComponent, COMPONENT_SPECS, type ComponentName, type GraphName } from '../../graph/components.ts';
import { ModelConfig } from '../../graph/config.ts';
import { emitModel } from '../../graph/onnx/emit.ts';
import type { Precision } from '../../graph/quant/precision.ts';
import { safetensorsWeights } from '../../graph/safetensors-weights.ts';
import type { WeightSource } from '../../graph/scope.ts';
import { graphStats } from '../../graph/stats.ts';
import { randn } from '../../pipeline/random.ts';
import { SplitExternalData } from '../../store/bundle/external-data.ts';
import { SafetensorsFile } from '../../store/safetensors/index.ts';
import { fileSource } from '../../store/safetensors/node-file-source.ts';
import { folderWriter } from '../folder-io.ts';
import { benchConfig } from './configs.ts';
import { FastSyntheticWeights } from './fast-synthetic.ts';

export const GRAPH_CONFIGS = ['tiny', 'mid'] as const;
export type GraphConfigName = (typeof GRAPH_CONFIGS)[number];

/** One input of a case, as a raw little-endian file every runtime reads the same way. */
export interface GraphInput {
  readonly name: string;
  readonly type: 'float32' | 'int64';
  readonly shape: number[];
  readonly file: string;
}

export interface GraphCase {
  readonly config: GraphConfigName;
  readonly graph: GraphName;
  readonly precision: Precision;
  /** What the config is, for the table's notes. */
  readonly description: string;
  readonly dir: string;
  readonly model: string;
  readonly externalData: string[];
  readonly inputs: GraphInput[];
  readonly nodes: number;
  readonly weightBytes: number;
}

const COMPONENT_OF: Record<GraphName, ComponentName> = {
  text_encoder: 'text_encoder',
  image_encoder: 'image_encoder',
  vae_encoder: 'vae',
  vae_decoder: 'vae',
  unet: 'unet',
};

/** Mid-size: the real configs' widths with this many transformer layers (CLIP); the VAE whole at 64×64 px. */
const MID_CLIP_LAYERS = 2;
const MID_VAE_PIXELS = 64;

interface Source {
  config: ModelConfig;
  weights: () => Promise<WeightSource>;
  description: string;
}

function source(config: GraphConfigName, component: ComponentName, fixtures: string, realConfigs: string): Source {
  if (component === 'unet') {
    // The UNet's mid-size config is bench:unet's mid-2l: the real 320/640 levels (the full widths take minutes per
    // wasm step on a laptop CPU; `npm run bench:unet -- --configs mid` times them).
    const c = benchConfig(config === 'tiny' ? 'tiny' : 'mid-2l', fixtures, realConfigs);
    return { config: c.config, weights: c.weights, description: c.description };
  }
  if (config === 'tiny') {
    const dir = join(fixtures, component);
    const file = join(dir, 'config.json');
    const weights = COMPONENT_SPECS[component].weightFiles.map((f) => join(dir, f)).find((f) => existsSync(f));
    if (!weights) throw new Error(`no weights in ${dir}`);
    return {
      config: ModelConfig.parse(file, readFileSync(file, 'utf8')),
      weights: async () => safetensorsWeights(await SafetensorsFile.open(fileSource(weights))),
      description: `diffusers fixture ${component}`,
    };
  }
  const file = join(realConfigs, `${component}.json`);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const clip = component === 'text_encoder' || component === 'image_encoder';
  const cfg = clip ? { ...raw, num_hidden_layers: MID_CLIP_LAYERS } : raw;
  return {
    config: new ModelConfig(`${file}${clip ? ` (${MID_CLIP_LAYERS} layers)` : ''}`, cfg),
    weights: async () => new FastSyntheticWeights(`bench ${component}`, 1),
    description: clip ? `real widths, ${MID_CLIP_LAYERS} of ${String(raw.num_hidden_layers)} layers, synthetic weights` : 'real config, synthetic weights',
  };
}

/** Seeded inputs for one call of `graph` (batch 1 per frame except the UNet's CFG batch of 2). */
function inputsFor(graph: GraphName, config: GraphConfigName, c: ModelConfig, seed: number): [GraphInput, Float32Array | BigInt64Array][] {
  const n = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const f32 = (name: string, shape: number[], k: number): [GraphInput, Float32Array] => [{ name, type: 'float32', shape, file: `${name}.bin` }, randn(n(shape), seed + k)];
  switch (graph) {
    case 'text_encoder': {
      const vocab = c.int('vocab_size');
      const ids = BigInt64Array.from({ length: 77 }, (_, i) => BigInt((i * 977 + 49406) % vocab));
      return [[{ name: 'input_ids', type: 'int64', shape: [1, 77], file: 'input_ids.bin' }, ids]];
    }
    case 'image_encoder': {
      const s = c.int('image_size');
      return [f32('pixel_values', [1, 3, s, s], 0)];
    }
    case 'vae_encoder': {
      const s = config === 'tiny' ? 32 : MID_VAE_PIXELS;
      return [f32('sample', [1, 3, s, s], 0)];
    }
    case 'vae_decoder': {
      const s = (config === 'tiny' ? 32 : MID_VAE_PIXELS) / 2 ** ((c.raw.block_out_channels as number[]).length - 1);
      return [f32('latent', [1, 4, s, s], 0)];
    }
    case 'unet': {
      const s = config === 'tiny' ? { frames: 3, size: 32 } : { frames: 2, size: 16 };
      const video = [2, 4, s.frames, s.size, s.size];
      const d = c.int('cross_attention_dim');
      const fill = (name: string, v: number): [GraphInput, Float32Array] => [{ name, type: 'float32', shape: [2], file: `${name}.bin` }, new Float32Array(2).fill(v)];
      return [f32('sample', video, 0), fill('timestep', 667), fill('fps', 16), f32('image_latents', video, 1), f32('image_embeddings', [2, 1, d], 2), f32('encoder_hidden_states', [2, 77, d], 3)];
    }
  }
}

/** Builds the graph and writes model, external data and inputs under `dir`. */
export async function buildGraphCase(config: GraphConfigName, graph: GraphName, precision: Precision, fixtures: string, realConfigs: string, dir: string): Promise<GraphCase> {
  const component = COMPONENT_OF[graph];
  const s = source(config, component, fixtures, realConfigs);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const g = buildComponent(component, s.config, await s.weights(), { precision }).find((x) => x.name === graph)!;
  const stats = graphStats(g);
  const sink = new SplitExternalData(folderWriter(dir), graph);
  const model = `${graph}.onnx`;
  await writeFile(join(dir, model), await emitModel(g, { external: sink }));
  const externalData = (await sink.finish()).map((f) => f.path);
  const inputs: GraphInput[] = [];
  for (const [input, data] of inputsFor(graph, config, s.config, 42)) {
    await writeFile(join(dir, input.file), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    inputs.push(input);
  }
  return { config, graph, precision, description: s.description, dir, model, externalData, inputs, nodes: stats.nodes, weightBytes: stats.initializerBytes };
}
