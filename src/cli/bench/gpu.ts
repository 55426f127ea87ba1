// `npm run bench -- --gpu`: the standard preset's UNet step (512×512 → 64×64 latent, 16 frames, CFG batch 2) on the
// real-config graph with synthetic weights, in Chrome with hardware WebGPU. Skipped where only a fallback adapter
// (SwiftShader) exists: there one step would take hours.
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildComponent } from '../../graph/components.ts';
import { ModelConfig } from '../../graph/config.ts';
import { emitModel } from '../../graph/onnx/emit.ts';
import type { Precision } from '../../graph/quant/precision.ts';
import { graphStats } from '../../graph/stats.ts';
import { SplitExternalData } from '../../store/bundle/external-data.ts';
import { folderWriter } from '../folder-io.ts';
import { FastSyntheticWeights } from './fast-synthetic.ts';
import type { GraphCase } from './graph-cases.ts';
import { writeInputs } from './inputs.ts';
import type { Measurement } from './measure.ts';
import type { PageInfo } from './webgpu-page.ts';
import type { WebGpuGraphRunner } from './webgpu-graphs.ts';

export interface GpuBench {
  status: string;
  precision?: Precision;
  weightBytes?: number;
  measurement?: Measurement;
}

export async function gpuBench(runner: WebGpuGraphRunner, adapter: PageInfo['adapter'], realConfigs: string, dir: string): Promise<GpuBench> {
  if (!adapter) return { status: 'skipped: no WebGPU adapter' };
  if (adapter.isFallbackAdapter) return { status: `skipped: only a fallback adapter (${String(adapter.vendor)}/${String(adapter.architecture)})` };
  const precision: Precision = ((adapter.features as string[] | undefined) ?? []).includes('shader-f16') ? 'q4f16' : 'q4f32';
  const file = join(realConfigs, 'unet.json');
  const config = ModelConfig.parse(file, readFileSync(file, 'utf8'));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const [g] = buildComponent('unet', config, new FastSyntheticWeights('bench gpu unet', 1), { precision });
  const sink = new SplitExternalData(folderWriter(dir), 'unet');
  await writeFile(join(dir, 'unet.onnx'), await emitModel(g!, { external: sink }));
  const externalData = (await sink.finish()).map((f) => f.path);
  const inputs = (await writeInputs(dir, { batch: 2, frames: 16, height: 64, width: 64 }, config.int('cross_attention_dim'))).map((i) => ({ ...i, type: 'float32' as const }));
  const c: GraphCase = { config: 'mid', graph: 'unet', precision, description: 'real config, standard preset', dir, model: 'unet.onnx', externalData, inputs, nodes: graphStats(g!).nodes, weightBytes: graphStats(g!).initializerBytes };
  const measurement = await runner.run(c, 3, 300_000, 420_000);
  return { status: measurement.error ? `failed: ${measurement.error}` : 'ok', precision, weightBytes: c.weightBytes, measurement };
}
