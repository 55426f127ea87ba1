// Before any tensor is read: is this an I2VGen-XL diffusers checkpoint, where is each component's weights file
// (fp16 variant, else the full one), and how big is it all (headers only). Fails fast with a clear StoreError.
import { COMPONENTS, type ComponentName } from '../../graph/components.ts';
import { SafetensorsFile } from '../safetensors/index.ts';
import { StoreError } from '../store-error.ts';
import type { HttpCheckpointReader } from './http-checkpoint.ts';
import { notACheckpoint, wrongModel } from './import-error.ts';
import { COMPONENT_CLASSES, configClass, fileUrl, PIPELINE_CLASS, weightCandidates } from './layout.ts';

export interface ComponentPlan {
  readonly component: ComponentName;
  /** `unet/diffusion_pytorch_model.fp16.safetensors`. */
  readonly weights: string;
  readonly weightBytes: number;
  readonly parameters: number;
}

export interface ImportPlan {
  readonly components: readonly ComponentPlan[];
  /** Bytes of all weights files: what reading the checkpoint fetches, at most. */
  readonly weightBytes: number;
  readonly parameters: number;
}

export async function planImport(reader: HttpCheckpointReader, signal?: AbortSignal): Promise<ImportPlan> {
  const base = reader.name;
  const parse = async (path: string): Promise<unknown> => {
    const text = await reader.readText(path);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new StoreError('manifest', `${fileUrl(base, path)} is not valid JSON (${(e as Error).message}): is this a diffusers checkpoint?`, {
        url: fileUrl(base, path),
        file: path,
      });
    }
  };
  const [index, ...configs] = await Promise.all([parse('model_index.json'), ...COMPONENTS.map((c) => parse(`${c}/config.json`))]);

  // 1. A checkpoint at all, and of this model.
  if (index === undefined && configs.every((c) => c === undefined)) {
    const path = `${COMPONENTS[0]}/config.json`;
    throw notACheckpoint(base, path, fileUrl(base, path));
  }
  const pipeline = configClass(index);
  if (pipeline !== undefined && pipeline !== PIPELINE_CLASS) throw wrongModel(base, 'model_index.json', PIPELINE_CLASS, pipeline);
  COMPONENTS.forEach((component, i) => {
    const path = `${component}/config.json`;
    if (configs[i] === undefined) {
      throw new StoreError('manifest', `${base} is an incomplete checkpoint: ${path} is missing`, { url: fileUrl(base, path), file: path, status: 404 });
    }
    const cls = configClass(configs[i]);
    if (cls !== undefined && cls !== COMPONENT_CLASSES[component]) throw wrongModel(base, path, COMPONENT_CLASSES[component], cls);
  });

  // 2. The weights file of each component, and its header.
  const components = await Promise.all(
    COMPONENTS.map(async (component): Promise<ComponentPlan> => {
      const candidates = weightCandidates(component);
      for (const path of candidates) {
        const source = await reader.openBytes(path);
        if (source === undefined) continue;
        const file = await SafetensorsFile.open(source, signal);
        const parameters = file.keys().reduce((sum, key) => sum + file.info(key).shape.reduce((a, b) => a * b, 1), 0);
        return { component, weights: path, weightBytes: await source.size(), parameters };
      }
      throw new StoreError('manifest', `${base} has no weights for ${component} (looked for ${candidates.join(', ')})`, {
        url: fileUrl(base, candidates[0]!),
        file: candidates[0]!,
        status: 404,
      });
    }),
  );
  return {
    components,
    weightBytes: components.reduce((s, c) => s + c.weightBytes, 0),
    parameters: components.reduce((s, c) => s + c.parameters, 0),
  };
}
