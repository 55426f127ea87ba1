// The checkpoint components the builder converts, each with the ONNX graphs built from it. A component is one
// diffusers folder (`<component>/config.json` + weights); unused tensors are checked across all of its graphs.
import { type AttentionLowering, GraphBuilder } from './builder.ts';
import type { ModelConfig } from './config.ts';
import { readTextConfig, readVisionConfig } from './models/clip/config.ts';
import { buildClipTextModel } from './models/clip/text-model.ts';
import { buildClipVisionModel } from './models/clip/vision-model.ts';
import { readVaeConfig } from './models/vae/config.ts';
import { buildVaeDecoder } from './models/vae/decoder.ts';
import { buildVaeEncoder } from './models/vae/encoder.ts';
import { readUNetConfig } from './models/unet/config.ts';
import { buildI2VGenXLUNet } from './models/unet/unet.ts';
import type { Precision } from './quant/precision.ts';
import { DEFAULT_POLICY, type QuantPolicy } from './quant/policy.ts';
import { WeightScope, WeightUsage, type WeightSource } from './scope.ts';

export const COMPONENTS = ['text_encoder', 'image_encoder', 'vae', 'unet'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export const GRAPH_NAMES = ['text_encoder', 'image_encoder', 'vae_encoder', 'vae_decoder', 'unet'] as const;
export type GraphName = (typeof GRAPH_NAMES)[number];

interface GraphRecipe {
  readonly name: GraphName;
  readonly build: (g: GraphBuilder, root: WeightScope, config: ModelConfig) => void;
}

export interface ComponentSpec {
  readonly name: ComponentName;
  /** Weight file names in the diffusers layout, preferred first (fp16 variant before the full one). */
  readonly weightFiles: readonly string[];
  readonly graphs: readonly GraphRecipe[];
}

const transformersWeights = ['model.fp16.safetensors', 'model.safetensors'];
const diffusersWeights = ['diffusion_pytorch_model.fp16.safetensors', 'diffusion_pytorch_model.safetensors'];

export const COMPONENT_SPECS: Readonly<Record<ComponentName, ComponentSpec>> = {
  text_encoder: {
    name: 'text_encoder',
    weightFiles: transformersWeights,
    graphs: [{ name: 'text_encoder', build: (g, p, c) => buildClipTextModel(g, p, readTextConfig(c)) }],
  },
  image_encoder: {
    name: 'image_encoder',
    weightFiles: transformersWeights,
    graphs: [{ name: 'image_encoder', build: (g, p, c) => buildClipVisionModel(g, p, readVisionConfig(c)) }],
  },
  vae: {
    name: 'vae',
    weightFiles: diffusersWeights,
    graphs: [
      { name: 'vae_encoder', build: (g, p, c) => buildVaeEncoder(g, p, readVaeConfig(c)) },
      { name: 'vae_decoder', build: (g, p, c) => buildVaeDecoder(g, p, readVaeConfig(c)) },
    ],
  },
  unet: {
    name: 'unet',
    weightFiles: diffusersWeights,
    graphs: [{ name: 'unet', build: (g, p, c) => buildI2VGenXLUNet(g, p, readUNetConfig(c)) }],
  },
};

export interface BuildOptions {
  readonly precision: Precision;
  readonly policy?: QuantPolicy;
  readonly attention?: AttentionLowering;
  /** Expose named intermediate tensors as extra outputs (tests). */
  readonly intermediates?: boolean;
}

/**
 * Builds every graph of a component (weights stay lazy until emitted) and checks that each checkpoint tensor
 * was consumed or explicitly discarded.
 */
export function buildComponent(
  component: ComponentName,
  config: ModelConfig,
  weights: WeightSource,
  o: BuildOptions,
): GraphBuilder[] {
  const spec = COMPONENT_SPECS[component];
  const usage = new WeightUsage(weights);
  const graphs = spec.graphs.map((recipe) => {
    const g = new GraphBuilder({
      name: recipe.name,
      precision: o.precision,
      policy: o.policy ?? DEFAULT_POLICY,
      component,
      ...(o.attention ? { attention: o.attention } : {}),
      ...(o.intermediates ? { intermediates: true } : {}),
    });
    recipe.build(g, WeightScope.root(g, usage), config);
    g.metadata.component = component;
    g.metadata.precision = o.precision;
    return g;
  });
  usage.assertAllConsumed();
  return graphs;
}
