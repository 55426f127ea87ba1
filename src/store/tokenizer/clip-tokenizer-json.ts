// A CLIP tokenizer folder (vocab.json + merges.txt + configs) → the tokenizer.json HF writes for CLIPTokenizerFast
// (mirrors transformers' CLIPConverter in convert_slow_tokenizer.py, field for field).

import { resolveClipSpecialTokens, type AddedTokenJson } from './clip-special-tokens.ts';
import { parseClipMerges, readClipVocab } from './clip-merges.ts';
import { CLIP_SPLIT_PATTERN, END_OF_WORD_SUFFIX } from './clip-pre-tokenize.ts';

export interface ClipTokenizerFiles {
  /** Parsed vocab.json. */
  vocab: Record<string, number>;
  /** merges.txt as text. */
  merges: string;
  /** Parsed tokenizer_config.json. */
  tokenizerConfig?: unknown;
  /** Parsed special_tokens_map.json. */
  specialTokensMap?: unknown;
}

/**
 * The tokenizer.json of CLIPTokenizerFast. `truncation` and `padding` stay null as HF writes them: transformers.js
 * ignores both and takes model_max_length from tokenizer_config.json (see clipTokenizerConfig), and a truncation
 * stored here would make Python's fast tokenizer truncate every call. Merges use the "left right" string form, as
 * in HF's files (tokenizers >= 0.20 may write [left, right] pairs; transformers.js reads both).
 */
export function clipTokenizerJson(files: ClipTokenizerFiles): object {
  const vocab = readClipVocab(files.vocab);
  const merges = parseClipMerges(files.merges, vocab);
  const { roles, addedTokens } = resolveClipSpecialTokens(vocab, files.tokenizerConfig, files.specialTokensMap);
  const sortedVocab = Object.fromEntries([...vocab].sort((a, b) => a[1] - b[1]));
  const pair = (t: AddedTokenJson): [string, number] => [t.content, t.id];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: CLIP_SPLIT_PATTERN }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      ],
    },
    // "Hack to have a ByteLevel and TemplateProcessor" (CLIPConverter): bos + ids + eos.
    post_processor: {
      type: 'RobertaProcessing',
      sep: pair(roles.eos_token),
      cls: pair(roles.bos_token),
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: roles.unk_token.content,
      continuing_subword_prefix: '',
      end_of_word_suffix: END_OF_WORD_SUFFIX,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: sortedVocab,
      merges,
    },
  };
}
