// Writes a diffusers-layout I2VGen-XL checkpoint with seeded random weights from a folder of component configs
// (configs/tiny, configs/i2vgen-xl): the keys and shapes come from building each component against
// SyntheticWeights, the tokenizer is a small CLIP BPE trained on a built-in corpus.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildComponent, COMPONENT_SPECS, type ComponentName } from '../graph/components.ts';
import { ModelConfig } from '../graph/config.ts';
import { SyntheticWeights } from '../graph/synthetic.ts';
import { float32ToFloat16Bits } from '../store/safetensors/index.ts';
import { writeSafetensorsFile } from '../store/safetensors/node-file-sink.ts';
import { TINY_CORPUS, trainClipBpe } from '../store/tokenizer/index.ts';

export const SYNTHETIC_COMPONENTS = ['text_encoder', 'image_encoder', 'vae', 'unet'] as const satisfies readonly ComponentName[];

export interface SyntheticOptions {
  readonly configDir: string;
  readonly out: string;
  readonly seed: number;
  /** F16 writes the `*.fp16.safetensors` variant files, as the official checkpoint has. */
  readonly dtype: 'F32' | 'F16';
  readonly components?: readonly (typeof SYNTHETIC_COMPONENTS)[number][];
  readonly tokenizerMerges?: number;
  readonly onComponent?: (component: string, tensors: number, bytes: number) => void;
}

export async function writeSyntheticCheckpoint(o: SyntheticOptions): Promise<void> {
  const bpe = trainClipBpe(TINY_CORPUS, o.tokenizerMerges ?? 400);
  const vocabSize = Object.keys(bpe.vocab).length;
  await writeJson(join(o.out, 'tokenizer/vocab.json'), bpe.vocab);
  await mkdir(join(o.out, 'tokenizer'), { recursive: true });
  await writeFile(join(o.out, 'tokenizer/merges.txt'), bpe.merges);
  await writeJson(join(o.out, 'tokenizer/tokenizer_config.json'), {
    tokenizer_class: 'CLIPTokenizer',
    bos_token: '<|startoftext|>',
    eos_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    pad_token: '<|endoftext|>',
    model_max_length: 77,
  });
  await writeJson(join(o.out, 'feature_extractor/preprocessor_config.json'), readConfig(o.configDir, 'feature_extractor'));
  await writeJson(join(o.out, 'scheduler/scheduler_config.json'), readConfig(o.configDir, 'scheduler'));

  for (const component of o.components ?? SYNTHETIC_COMPONENTS) {
    const raw = readConfig(o.configDir, component);
    if (component === 'text_encoder' && typeof raw.vocab_size !== 'number') raw.vocab_size = vocabSize;
    const config = new ModelConfig(`${o.configDir}/${component}.json`, raw);
    const weights = new SyntheticWeights(`synthetic ${component}`, o.seed);
    buildComponent(component, config, weights, { precision: 'fp32' }); // enumerates keys and shapes
    const entries = weights.keys().map((key) => ({
      key,
      dtype: o.dtype,
      shape: weights.meta(key)!.shape,
      data: async () => {
        const values = await weights.readFloat32(key);
        const typed = o.dtype === 'F16' ? float32ToFloat16Bits(values) : values;
        return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
      },
    }));
    // weightFiles lists the fp16 variant first, then the full-precision file.
    const file = COMPONENT_SPECS[component].weightFiles[o.dtype === 'F16' ? 0 : 1]!;
    await writeJson(join(o.out, component, 'config.json'), raw);
    await writeSafetensorsFile(join(o.out, component, file), entries, { format: 'pt' });
    const elements = entries.reduce((s, e) => s + e.shape.reduce((a, b) => a * b, 1), 0);
    o.onComponent?.(component, entries.length, elements * (o.dtype === 'F16' ? 2 : 4));
  }
  await writeJson(join(o.out, 'model_index.json'), {
    _class_name: 'I2VGenXLPipeline',
    _diffusers_version: '0.33.1',
    _localmotion: `synthetic random weights, seed ${o.seed}`,
  });
}

function readConfig(dir: string, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 1)}\n`);
}
