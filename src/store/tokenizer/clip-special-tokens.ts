// CLIP's special tokens (bos/eos/unk/pad) resolved as transformers' CLIPTokenizer.from_pretrained does:
// special_tokens_map.json over tokenizer_config.json over CLIPTokenizer's defaults; ids from vocab.json.

import { CheckpointError } from '../../graph/checkpoint-error.ts';

/** One entry of tokenizer.json's `added_tokens`, keys in the order HF writes them. */
export interface AddedTokenJson {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

export type SpecialTokenRole = 'bos_token' | 'eos_token' | 'unk_token' | 'pad_token';

/** CLIPTokenizer.__init__ defaults (tokenization_clip.py), used when neither file names the token. */
const CLIP_DEFAULTS: Record<SpecialTokenRole, string> = {
  bos_token: '<|startoftext|>',
  eos_token: '<|endoftext|>',
  unk_token: '<|endoftext|>',
  pad_token: '<|endoftext|>',
};

export interface ClipSpecialTokens {
  roles: Record<SpecialTokenRole, AddedTokenJson>;
  /** The special tokens plus every added_tokens_decoder entry, one per content, sorted by id. */
  addedTokens: AddedTokenJson[];
}

type Flags = Pick<AddedTokenJson, 'single_word' | 'lstrip' | 'rstrip' | 'normalized' | 'special'>;
// AddedToken's defaults in tokenizers; CLIPTokenizer wraps its specials with normalized=True.
const DEFAULT_FLAGS: Flags = { single_word: false, lstrip: false, rstrip: false, normalized: true, special: true };

export function asJsonObject(value: unknown, file: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckpointError('bad-config', 'expected a JSON object', file);
  }
  return value as Record<string, unknown>;
}

/** A token given as a string or as a serialized AddedToken ({content, lstrip, …, __type?}). */
function readToken(value: unknown, file: string, key: string): { content: string; flags: Partial<Flags> } | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return { content: value, flags: {} };
  const obj = asJsonObject(value, file);
  if (typeof obj.content !== 'string') {
    throw new CheckpointError('bad-config', 'a token must be a string or an object with a string "content"', file, key);
  }
  const flags: Partial<Flags> = {};
  for (const flag of ['single_word', 'lstrip', 'rstrip', 'normalized', 'special'] as const) {
    const v = obj[flag];
    if (typeof v === 'boolean') flags[flag] = v;
    else if (v !== undefined) throw new CheckpointError('bad-config', `${flag} must be a boolean`, file, key);
  }
  return { content: obj.content, flags };
}

/** tokenizer_config.json's `added_tokens_decoder` ({"49406": {content, …}}), as id → token. */
function readAddedTokensDecoder(config: Record<string, unknown>): Map<number, { content: string; flags: Partial<Flags> }> {
  const out = new Map<number, { content: string; flags: Partial<Flags> }>();
  const decoder = asJsonObject(config.added_tokens_decoder, 'tokenizer_config.json');
  for (const [key, value] of Object.entries(decoder)) {
    const id = Number(key);
    const where = `added_tokens_decoder.${key}`;
    if (!/^\d+$/.test(key) || !Number.isSafeInteger(id)) {
      throw new CheckpointError('bad-config', 'keys must be token ids', 'tokenizer_config.json', where);
    }
    const token = readToken(value, 'tokenizer_config.json', where);
    if (token !== null) out.set(id, token);
  }
  return out;
}

export function resolveClipSpecialTokens(
  vocab: ReadonlyMap<string, number>,
  tokenizerConfig: unknown,
  specialTokensMap: unknown,
): ClipSpecialTokens {
  const config = asJsonObject(tokenizerConfig, 'tokenizer_config.json');
  const map = asJsonObject(specialTokensMap, 'special_tokens_map.json');
  const decoder = readAddedTokensDecoder(config);
  const decoderIdOf = new Map<string, number>();
  for (const [id, { content }] of decoder) decoderIdOf.set(content, id);

  const byContent = new Map<string, AddedTokenJson>();
  const add = (content: string, id: number, flags: Partial<Flags>, where: string): AddedTokenJson => {
    const known = byContent.get(content);
    if (known !== undefined) return known;
    const clash = [...byContent.values()].find((t) => t.id === id);
    if (clash !== undefined) {
      throw new CheckpointError('bad-config', `id ${id} is used by both "${clash.content}" and "${content}"`, where);
    }
    const token: AddedTokenJson = { id, content, ...DEFAULT_FLAGS, ...flags };
    byContent.set(content, token);
    return token;
  };

  const resolve = (role: SpecialTokenRole): AddedTokenJson => {
    const fromMap = readToken(map[role], 'special_tokens_map.json', role);
    const fromConfig = readToken(config[role], 'tokenizer_config.json', role);
    const chosen = fromMap ?? fromConfig ?? { content: CLIP_DEFAULTS[role], flags: {} };
    const file = fromMap !== null ? 'special_tokens_map.json' : 'tokenizer_config.json';
    const vocabId = vocab.get(chosen.content);
    const decoderId = decoderIdOf.get(chosen.content);
    if (vocabId !== undefined && decoderId !== undefined && vocabId !== decoderId) {
      throw new CheckpointError(
        'bad-config',
        `${role} "${chosen.content}" has id ${vocabId} in vocab.json but ${decoderId} in added_tokens_decoder`,
        'tokenizer_config.json',
        role,
      );
    }
    const id = vocabId ?? decoderId;
    if (id === undefined) {
      throw new CheckpointError(
        'bad-config',
        `${role} "${chosen.content}" is neither in vocab.json nor in tokenizer_config.json added_tokens_decoder`,
        file,
        role,
      );
    }
    const decoderFlags = decoderId === undefined ? {} : (decoder.get(decoderId)?.flags ?? {});
    // A special token is always special, whatever the file says (tokenizers' add_special_tokens).
    return add(chosen.content, id, { ...chosen.flags, ...decoderFlags, special: true }, file);
  };
  const roles: Record<SpecialTokenRole, AddedTokenJson> = {
    bos_token: resolve('bos_token'),
    eos_token: resolve('eos_token'),
    unk_token: resolve('unk_token'),
    pad_token: resolve('pad_token'),
  };
  for (const [id, { content, flags }] of decoder) {
    add(content, id, { special: false, ...flags }, 'tokenizer_config.json');
  }
  const addedTokens = [...byContent.values()].sort((a, b) => a.id - b.id);
  return { roles, addedTokens };
}
