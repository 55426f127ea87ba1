// PipelineModel from a bundle's files (manifest.json configs, tokenizer.json, tokenizer_config.json,
// preprocessor_config.json, scheduler_config.json), read through any text accessor (Node folder, IndexedDB, fetch).
import { type BundleManifest, parseManifest } from '../store/bundle/manifest.ts';
import type { PipelineModel } from './i2vgen-xl.ts';
import { parseSchedulerConfig } from './schedulers/config.ts';
import { PromptTokenizer } from './tokenize.ts';

/** `manifest`: the bundle's manifest when the caller has parsed it already (else it is read here). */
export async function loadPipelineModel(readText: (path: string) => Promise<string>, manifest?: BundleManifest): Promise<PipelineModel> {
  const json = async (path: string) => JSON.parse(await readText(path)) as Record<string, unknown>;
  manifest ??= parseManifest(await readText('manifest.json'));
  const vae = manifest.configs.vae as { scaling_factor?: number; latent_channels?: number; block_out_channels?: number[] } | undefined;
  if (!vae?.block_out_channels) throw new Error('manifest.json: configs.vae is missing');
  const pre = await json('preprocessor_config.json');
  const crop = pre.crop_size as { height?: number } | number | undefined;
  const size = typeof crop === 'number' ? crop : crop?.height;
  if (typeof size !== 'number') throw new Error('preprocessor_config.json: crop_size is missing');
  return {
    tokenizer: new PromptTokenizer(await json('tokenizer.json'), await json('tokenizer_config.json')),
    clip: { size, mean: pre.image_mean as [number, number, number], std: pre.image_std as [number, number, number] },
    vae: {
      scalingFactor: vae.scaling_factor ?? 0.18215,
      latentChannels: vae.latent_channels ?? 4,
      scaleFactor: 2 ** (vae.block_out_channels.length - 1),
    },
    scheduler: parseSchedulerConfig(await json('scheduler_config.json')),
  };
}
