// Builds one bench config at one precision into a folder: unet.onnx + external data files (< 2 GiB each), so that
// onnxruntime-node loads it by path and onnxruntime-web by URL or bytes.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildComponent } from '../../graph/components.ts';
import { emitModel } from '../../graph/onnx/emit.ts';
import type { Precision } from '../../graph/quant/precision.ts';
import { graphStats } from '../../graph/stats.ts';
import { SyntheticWeights } from '../../graph/synthetic.ts';
import { SplitExternalData } from '../../store/bundle/external-data.ts';
import { folderWriter } from '../folder-io.ts';
import type { BenchConfig } from './configs.ts';

export interface BuiltModel {
  readonly dir: string;
  readonly model: 'unet.onnx';
  /** External data file names, in the folder. */
  readonly externalData: string[];
  readonly nodes: number;
  readonly weightBytes: number;
  readonly buildMs: number;
}

export async function buildModel(c: BenchConfig, precision: Precision, dir: string): Promise<BuiltModel> {
  const t0 = performance.now();
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const [graph] = buildComponent('unet', c.config, await c.weights(), { precision });
  const stats = graphStats(graph!);
  const sink = new SplitExternalData(folderWriter(dir), 'unet');
  await writeFile(join(dir, 'unet.onnx'), await emitModel(graph!, { external: sink }));
  const written = await sink.finish();
  return {
    dir,
    model: 'unet.onnx',
    externalData: written.map((f) => f.path),
    nodes: stats.nodes,
    weightBytes: stats.initializerBytes,
    buildMs: performance.now() - t0,
  };
}

/** Initializer bytes of a config at a precision, from the graph alone (no weights are read). */
export function weightBytesOf(c: BenchConfig, precision: Precision): number {
  const [g] = buildComponent('unet', c.config, new SyntheticWeights('size', 0), { precision });
  return graphStats(g!).initializerBytes;
}
