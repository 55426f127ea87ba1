// Test helper (Node only): build a component of a diffusers folder into in-memory ONNX models.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, buildComponent, COMPONENT_SPECS, type ComponentName } from '../graph/components.ts';
import { ModelConfig } from '../graph/config.ts';
import { emitModel } from '../graph/onnx/emit.ts';
import type { Precision } from '../graph/quant/precision.ts';
import { safetensorsWeights } from '../graph/safetensors-weights.ts';
import { SafetensorsFile } from '../store/safetensors/index.ts';
import { fileSource } from '../store/safetensors/node-file-source.ts';
import { existsSync } from 'node:fs';

export async function buildInMemory(
  dir: string,
  component: ComponentName,
  precision: Precision,
  options: Omit<BuildOptions, 'precision'> = {},
): Promise<Record<string, Uint8Array>> {
  const folder = join(dir, component);
  const config = ModelConfig.parse(join(folder, 'config.json'), readFileSync(join(folder, 'config.json'), 'utf8'));
  const file = COMPONENT_SPECS[component].weightFiles.map((f) => join(folder, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`no weights in ${folder}`);
  const weights = safetensorsWeights(await SafetensorsFile.open(fileSource(file)));
  const graphs = buildComponent(component, config, weights, { ...options, precision });
  const out: Record<string, Uint8Array> = {};
  for (const g of graphs) out[g.name] = await emitModel(g);
  return out;
}
