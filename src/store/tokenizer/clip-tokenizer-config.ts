// The tokenizer_config.json a bundle ships next to tokenizer.json: what transformers.js' PreTrainedTokenizer reads
// from it (special tokens by name, model_max_length, tokenizer_class for AutoTokenizer).

import { CheckpointError } from '../../graph/checkpoint-error.ts';
import { asJsonObject, resolveClipSpecialTokens, type AddedTokenJson } from './clip-special-tokens.ts';
import { readClipVocab } from './clip-merges.ts';
import type { ClipTokenizerFiles } from './clip-tokenizer-json.ts';

/** CLIP's text encoder has 77 positions (max_position_embeddings) in every released checkpoint. */
export const CLIP_MODEL_MAX_LENGTH = 77;

export interface ClipTokenizerConfig {
  tokenizer_class: 'CLIPTokenizer';
  bos_token: string;
  eos_token: string;
  unk_token: string;
  pad_token: string;
  model_max_length: number;
  clean_up_tokenization_spaces: boolean;
  /** For Python's AutoTokenizer; transformers.js takes the added tokens from tokenizer.json. */
  added_tokens_decoder: Record<string, Omit<AddedTokenJson, 'id'>>;
}

/**
 * transformers.js reads model_max_length only from tokenizer_config.json (`this._tokenizerConfig.model_max_length
 * ?? Infinity`) and the pad token only by name from it (`pad_token`, else `eos_token`), so the bundle carries this
 * file. model_max_length comes from the source config; when absent, or HF's "unset" sentinel (1e30, not a safe
 * integer), it is CLIP_MODEL_MAX_LENGTH.
 */
export function clipTokenizerConfig(files: ClipTokenizerFiles): ClipTokenizerConfig {
  const vocab = readClipVocab(files.vocab);
  const { roles, addedTokens } = resolveClipSpecialTokens(vocab, files.tokenizerConfig, files.specialTokensMap);
  const source = asJsonObject(files.tokenizerConfig, 'tokenizer_config.json');
  const maxLength = source.model_max_length;
  if (maxLength !== undefined && (typeof maxLength !== 'number' || !(maxLength > 0))) {
    throw new CheckpointError(
      'bad-config',
      `model_max_length must be a positive number, got ${JSON.stringify(maxLength)}`,
      'tokenizer_config.json',
      'model_max_length',
    );
  }
  const cleanUp = source.clean_up_tokenization_spaces;
  return {
    tokenizer_class: 'CLIPTokenizer',
    bos_token: roles.bos_token.content,
    eos_token: roles.eos_token.content,
    unk_token: roles.unk_token.content,
    pad_token: roles.pad_token.content,
    model_max_length:
      typeof maxLength === 'number' && Number.isSafeInteger(maxLength) ? maxLength : CLIP_MODEL_MAX_LENGTH,
    clean_up_tokenization_spaces: typeof cleanUp === 'boolean' ? cleanUp : true,
    added_tokens_decoder: Object.fromEntries(addedTokens.map(({ id, ...token }) => [String(id), token])),
  };
}
