// convertCheckpoint: a diffusers I2VGen-XL checkpoint → a LocalMotion bundle (DESIGN.md "Model bundle").
// Streams tensor by tensor: the builder keeps weights lazy, emitModel reads, converts and writes one initializer at
// a time, so peak memory follows the largest tensor and the graph being assembled, never the checkpoint.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import { buildComponent, COMPONENT_SPECS, type ComponentName } from '../../graph/components.ts';
import { ModelConfig } from '../../graph/config.ts';
import { emitModel } from '../../graph/onnx/emit.ts';
import type { QuantPolicy } from '../../graph/quant/policy.ts';
import { needsShaderF16, type Precision } from '../../graph/quant/precision.ts';
import { safetensorsWeights } from '../../graph/safetensors-weights.ts';
import { graphStats, type GraphStats } from '../../graph/stats.ts';
import { SafetensorsFile } from '../safetensors/index.ts';
import { SplitExternalData } from './external-data.ts';
import type { BundleWriter, CheckpointReader, WrittenFile } from './io.ts';
import { writeWhole } from './io.ts';
import { type BundleManifest, MANIFEST_FORMAT, MANIFEST_VERSION, MAX_CHUNK_BYTES, type ManifestGraph } from './manifest.ts';
import { writeTokenizerFiles } from './tokenizer-files.ts';
import { chunkingWriter } from '../verify/chunking-writer.ts';

export interface ConvertOptions {
  readonly precision: Precision;
  /** Which weights go 4-bit in the q4 precisions (quant/policy.ts); default DEFAULT_POLICY. */
  readonly policy?: QuantPolicy;
  /** Components to convert; default: every component the builder supports. */
  readonly components?: readonly ComponentName[];
  readonly id: string;
  readonly name?: string;
  readonly notice?: string;
  /** Weight files larger than this put their initializers in external data files (default 16 MiB). */
  readonly externalDataAbove?: number;
  /** Chunk size the manifest lists files in (default and most: 64 MiB). */
  readonly chunkBytes?: number;
  readonly signal?: AbortSignal;
}

export type ConvertEvent =
  | { readonly type: 'component'; readonly component: ComponentName; readonly weights: string }
  | { readonly type: 'graph-built'; readonly stats: GraphStats }
  | { readonly type: 'tensors'; readonly graph: string; readonly done: number; readonly total: number }
  | { readonly type: 'graph-written'; readonly graph: string; readonly files: readonly WrittenFile[] }
  | { readonly type: 'file'; readonly file: WrittenFile };

export async function convertCheckpoint(
  reader: CheckpointReader,
  bundleWriter: BundleWriter,
  o: ConvertOptions,
  onEvent: (e: ConvertEvent) => void = () => {},
): Promise<BundleManifest> {
  // Every file is hashed per chunk as it is written, for the manifest's chunk list.
  const chunkBytes = o.chunkBytes ?? MAX_CHUNK_BYTES;
  const writer = chunkingWriter(bundleWriter, chunkBytes);
  const requested = o.components ?? (Object.keys(COMPONENT_SPECS) as ComponentName[]);
  const files: WrittenFile[] = [];
  const graphs: Partial<Record<string, ManifestGraph>> = {};
  const configs: Record<string, unknown> = {};
  const record = (f: WrittenFile) => {
    files.push(f);
    onEvent({ type: 'file', file: f });
  };

  for (const component of requested) {
    const configPath = `${component}/config.json`;
    const configText = await reader.readText(configPath);
    if (configText === undefined) throw new CheckpointError('bad-config', 'config.json is missing', `${reader.name}/${configPath}`);
    const config = ModelConfig.parse(`${reader.name}/${configPath}`, configText);
    configs[component] = config.raw;
    const weightsFile = await findWeights(reader, component);
    onEvent({ type: 'component', component, weights: weightsFile.path });
    const file = await SafetensorsFile.open(weightsFile.source, o.signal);
    const built = buildComponent(component, config, safetensorsWeights(file), {
      precision: o.precision,
      ...(o.policy ? { policy: o.policy } : {}),
    });
    const external = (await weightsFile.source.size()) > (o.externalDataAbove ?? 16 * 2 ** 20);
    for (const g of built) {
      onEvent({ type: 'graph-built', stats: graphStats(g) });
      const sink = external ? new SplitExternalData(writer, g.name) : undefined;
      const model = await emitModel(g, {
        ...(sink ? { external: sink } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        onInitializer: (done, total) => onEvent({ type: 'tensors', graph: g.name, done, total }),
      });
      const data = sink ? await sink.finish() : [];
      const onnx = await writeWhole(writer, `${g.name}.onnx`, model);
      [onnx, ...data].forEach(record);
      graphs[g.name] = { model: onnx.path, externalData: data.map((d) => d.path) };
      onEvent({ type: 'graph-written', graph: g.name, files: [onnx, ...data] });
    }
  }

  for (const f of await writeTokenizerFiles(reader, writer)) record(f);
  for (const [from, to] of [
    ['feature_extractor/preprocessor_config.json', 'preprocessor_config.json'],
    ['scheduler/scheduler_config.json', 'scheduler_config.json'],
  ] as const) {
    const text = await reader.readText(from);
    if (text === undefined) throw new CheckpointError('bad-config', 'file is missing', `${reader.name}/${from}`);
    record(await writeWhole(writer, to, new TextEncoder().encode(text)));
  }

  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    id: o.id,
    name: o.name ?? o.id,
    precision: o.precision,
    requiredFeatures: needsShaderF16(o.precision) ? ['shader-f16'] : [],
    ...(o.notice ? { notice: o.notice } : {}),
    graphs,
    configs,
    chunkBytes,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    files: files.map((f) => ({ ...f, chunks: writer.chunksOf(f.path) })),
    createdBy: 'localmotion convert',
  };
  await writeWhole(bundleWriter, 'manifest.json', new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`));
  return manifest;
}

async function findWeights(reader: CheckpointReader, component: ComponentName) {
  for (const name of COMPONENT_SPECS[component].weightFiles) {
    const path = `${component}/${name}`;
    const source = await reader.openBytes(path);
    if (source) return { path, source };
  }
  throw new CheckpointError(
    'missing-tensor',
    `no weights file (looked for ${COMPONENT_SPECS[component].weightFiles.join(', ')})`,
    `${reader.name}/${component}`,
  );
}
