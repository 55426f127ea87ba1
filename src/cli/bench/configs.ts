// The UNet configs `npm run bench:unet` times: the diffusers fixture (tiny), the real channel widths with synthetic
// weights (mid), and the real UNet's top two levels (mid-2l, for runtimes the full widths do not fit).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelConfig } from '../../graph/config.ts';
import { safetensorsWeights } from '../../graph/safetensors-weights.ts';
import type { WeightSource } from '../../graph/scope.ts';
import { SafetensorsFile } from '../../store/safetensors/index.ts';
import { fileSource } from '../../store/safetensors/node-file-source.ts';
import { FastSyntheticWeights } from './fast-synthetic.ts';

export const CONFIG_NAMES = ['tiny', 'mid', 'mid-2l'] as const;
export type ConfigName = (typeof CONFIG_NAMES)[number];

/** One UNet call's input sizes (batch 2 = classifier-free guidance's unconditional + conditional halves). */
export interface InputSize {
  readonly batch: number;
  readonly frames: number;
  readonly height: number;
  readonly width: number;
}

export interface BenchConfig {
  readonly name: ConfigName;
  readonly description: string;
  readonly config: ModelConfig;
  readonly size: InputSize;
  readonly weights: () => Promise<WeightSource>;
}

/** Used when src/cli/configs/i2vgen-xl/unet.json is missing: ali-vilab/i2vgen-xl's UNet. */
const REAL_UNET = {
  _class_name: 'I2VGenXLUNet',
  block_out_channels: [320, 640, 1280, 1280],
  down_block_types: ['CrossAttnDownBlock3D', 'CrossAttnDownBlock3D', 'CrossAttnDownBlock3D', 'DownBlock3D'],
  up_block_types: ['UpBlock3D', 'CrossAttnUpBlock3D', 'CrossAttnUpBlock3D', 'CrossAttnUpBlock3D'],
  layers_per_block: 2,
  norm_num_groups: 32,
  cross_attention_dim: 1024,
  attention_head_dim: 64,
  in_channels: 4,
  out_channels: 4,
  sample_size: 32,
};

const SYNTHETIC_SEED = 1;

export function benchConfig(name: ConfigName, fixtureDir: string, realConfigDir: string): BenchConfig {
  if (name === 'tiny') {
    const dir = join(fixtureDir, 'unet');
    const file = join(dir, 'config.json');
    return {
      name,
      description: `diffusers fixture ${dir}`,
      config: ModelConfig.parse(file, readFileSync(file, 'utf8')),
      size: { batch: 2, frames: 3, height: 32, width: 32 },
      weights: async () => safetensorsWeights(await SafetensorsFile.open(fileSource(join(dir, 'diffusion_pytorch_model.safetensors')))),
    };
  }
  const file = join(realConfigDir, 'unet.json');
  const real: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : REAL_UNET;
  const size = { batch: 2, frames: 2, height: 16, width: 16 };
  const weights = async () => new FastSyntheticWeights(name, SYNTHETIC_SEED);
  if (name === 'mid') {
    return { name, description: `real widths (${existsSync(file) ? file : 'built-in config'}), synthetic weights`, config: new ModelConfig(file, real), size, weights };
  }
  // The real UNet's 320- and 640-channel levels: its first two down blocks and last two up blocks.
  const topTwo = {
    ...real,
    block_out_channels: (real.block_out_channels as number[]).slice(0, 2),
    down_block_types: (real.down_block_types as string[]).slice(0, 2),
    up_block_types: (real.up_block_types as string[]).slice(-2),
  };
  return { name, description: 'real widths, top two levels only ([320, 640]), synthetic weights', config: new ModelConfig(`${file} (top two levels)`, topTwo), size, weights };
}
