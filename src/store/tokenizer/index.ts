// Tokenizer tools for bundles: CLIP tokenizer.json + tokenizer_config.json from a checkpoint's tokenizer folder,
// and a tiny BPE trainer (with its corpus) for the demo model.

export { clipTokenizerJson, type ClipTokenizerFiles } from './clip-tokenizer-json.ts';
export { clipTokenizerConfig, CLIP_MODEL_MAX_LENGTH, type ClipTokenizerConfig } from './clip-tokenizer-config.ts';
export { trainClipBpe, type TrainedClipBpe } from './train-clip-bpe.ts';
export { TINY_CORPUS } from './tiny-corpus.ts';
