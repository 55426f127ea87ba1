// The bundle's tokenizer.json + tokenizer_config.json from the checkpoint's tokenizer/ folder: tokenizer.json is
// copied when present, otherwise built from vocab.json + merges.txt (as the real CLIP tokenizer folders ship).
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import { clipTokenizerConfig, clipTokenizerJson, type ClipTokenizerFiles } from '../tokenizer/index.ts';
import type { BundleWriter, CheckpointReader, WrittenFile } from './io.ts';
import { writeWhole } from './io.ts';

export async function writeTokenizerFiles(reader: CheckpointReader, writer: BundleWriter): Promise<WrittenFile[]> {
  const read = async (name: string) => {
    const text = await reader.readText(`tokenizer/${name}`);
    if (text === undefined) return undefined;
    try {
      return { text, json: JSON.parse(text) as unknown };
    } catch (e) {
      if (name.endsWith('.txt')) return { text, json: undefined };
      throw new CheckpointError('bad-config', `not valid JSON (${(e as Error).message})`, `${reader.name}/tokenizer/${name}`);
    }
  };
  const [tokenizerJson, vocabJson, mergesTxt, tokenizerConfig, specialTokensMap] = await Promise.all(
    ['tokenizer.json', 'vocab.json', 'merges.txt', 'tokenizer_config.json', 'special_tokens_map.json'].map(read),
  );
  let files: ClipTokenizerFiles;
  if (vocabJson && mergesTxt) {
    files = { vocab: vocabJson.json as Record<string, number>, merges: mergesTxt.text };
  } else if (tokenizerJson) {
    // A folder with only tokenizer.json: its BPE model carries the vocabulary and merges.
    const model = (tokenizerJson.json as { model?: { vocab?: Record<string, number>; merges?: (string | string[])[] } }).model;
    if (!model?.vocab || !model.merges) {
      throw new CheckpointError('bad-config', 'tokenizer.json has no BPE vocab/merges', `${reader.name}/tokenizer/tokenizer.json`);
    }
    files = { vocab: model.vocab, merges: ['#version: 0.2', ...model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m))].join('\n') };
  } else {
    throw new CheckpointError('bad-config', 'needs tokenizer.json or vocab.json + merges.txt', `${reader.name}/tokenizer`);
  }
  if (tokenizerConfig) files = { ...files, tokenizerConfig: tokenizerConfig.json };
  if (specialTokensMap) files = { ...files, specialTokensMap: specialTokensMap.json };
  const json = tokenizerJson ? tokenizerJson.text : JSON.stringify(clipTokenizerJson(files));
  const encode = (s: string) => new TextEncoder().encode(s);
  return [
    await writeWhole(writer, 'tokenizer.json', encode(json)),
    await writeWhole(writer, 'tokenizer_config.json', encode(JSON.stringify(clipTokenizerConfig(files), null, 1))),
  ];
}
