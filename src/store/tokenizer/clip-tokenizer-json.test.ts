// Tests for clipTokenizerJson / clipTokenizerConfig: the HF-made fixture tokenizer.json and golden ids, in transformers.js.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIPTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { clipTokenizerConfig } from './clip-tokenizer-config.ts';
import { clipTokenizerJson, type ClipTokenizerFiles } from './clip-tokenizer-json.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtureDir = process.env.LOCALMOTION_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures/i2vgen-xl-tiny');

const readText = (rel: string): string => readFileSync(path.join(fixtureDir, rel), 'utf8');
const readJson = (rel: string): unknown => JSON.parse(readText(rel));

interface GoldenIndex {
  tensors: Record<string, { file: string; dtype: string; shape: number[] }>;
  meta: { tokenizer_examples: string[]; text_prompts: string[] };
}
const golden = readJson('golden/index.json') as GoldenIndex;

function goldenIds(name: string): { ids: number[]; shape: number[] } {
  const entry = golden.tensors[name];
  if (entry === undefined || entry.dtype !== 'int64') throw new Error(`golden ${name}: missing or not int64`);
  const buf = readFileSync(path.join(fixtureDir, entry.file));
  const copy = new Uint8Array(buf); // BigInt64Array needs an 8-aligned offset; Buffer pool slices may not be
  return { ids: Array.from(new BigInt64Array(copy.buffer), Number), shape: entry.shape };
}

function fixtureFiles(): ClipTokenizerFiles {
  return {
    vocab: readJson('tokenizer/vocab.json') as Record<string, number>,
    merges: readText('tokenizer/merges.txt'),
    tokenizerConfig: readJson('tokenizer/tokenizer_config.json'),
    specialTokensMap: readJson('tokenizer/special_tokens_map.json'),
  };
}

/** How the app builds a tokenizer from a bundle: the two parsed JSON files, no network. */
function loadTokenizer(files: ClipTokenizerFiles): CLIPTokenizer {
  return new CLIPTokenizer(clipTokenizerJson(files), clipTokenizerConfig(files));
}

describe('clipTokenizerJson on the fixture tokenizer folder', () => {
  it('reproduces the tokenizer.json HF wrote for CLIPTokenizerFast, every field', () => {
    // No field is ignored: version, truncation/padding (null), added_tokens, normalizer, pre_tokenizer,
    // post_processor, decoder and model (vocab + merges) all deep-equal.
    expect(clipTokenizerJson(fixtureFiles())).toEqual(readJson('tokenizer/tokenizer.json'));
  });

  it('tokenizes the example strings to the golden ids in transformers.js', () => {
    const tokenizer = loadTokenizer(fixtureFiles());
    golden.meta.tokenizer_examples.forEach((text, i) => {
      const { ids, shape } = goldenIds(`tokenizer/example_${i}_ids`);
      expect(shape).toEqual([ids.length]);
      expect(tokenizer.encode(text)).toEqual(ids);
    });
    expect(golden.meta.tokenizer_examples).toHaveLength(3);
  });

  it('pads the text prompts to 77 with the pad token and truncates, as text_encoder/input_ids', () => {
    const tokenizer = loadTokenizer(fixtureFiles());
    const { ids, shape } = goldenIds('text_encoder/input_ids');
    const out = tokenizer(golden.meta.text_prompts, { padding: 'max_length', max_length: 77, truncation: true });
    expect(out.input_ids.dims).toEqual(shape);
    expect(Array.from(out.input_ids.data as BigInt64Array, Number)).toEqual(ids);
  });

  it('carries model_max_length 77 and the special tokens in tokenizer_config.json', () => {
    const config = clipTokenizerConfig(fixtureFiles());
    expect(config).toMatchObject({
      tokenizer_class: 'CLIPTokenizer',
      bos_token: '<|startoftext|>',
      eos_token: '<|endoftext|>',
      pad_token: '<|endoftext|>',
      unk_token: '<|endoftext|>',
      model_max_length: 77,
    });
    const tokenizer = loadTokenizer(fixtureFiles());
    expect(tokenizer.model_max_length).toBe(77);
    expect([tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id]).toEqual([998, 999, 999]);
    // No max_length given: padding and truncation use model_max_length from the config.
    const out = tokenizer(golden.meta.text_prompts, { padding: 'max_length', truncation: true });
    expect(Array.from(out.input_ids.data as BigInt64Array, Number)).toEqual(goldenIds('text_encoder/input_ids').ids);
  });

  it('transformers.js truncation cuts the eos off prompts over 77 tokens (HF keeps it): callers must truncate', () => {
    // HF's tokenizer(..., truncation=True) truncates before adding bos/eos, so ids[76] is eos; transformers.js
    // 4.3.1's _call truncates the finished ids (truncateHelper). If this starts failing, that was fixed upstream.
    const tokenizer = loadTokenizer(fixtureFiles());
    const long = Array(50).fill('a cat').join(' ');
    const ids = tokenizer(long, { padding: 'max_length', truncation: true, return_tensor: false }).input_ids;
    expect(ids).toHaveLength(77);
    expect(ids[76]).not.toBe(tokenizer.eos_token_id);
  });

  it('defaults model_max_length to 77 when the config lacks it or holds HF’s 1e30 "unset" value', () => {
    const { model_max_length: _, ...rest } = readJson('tokenizer/tokenizer_config.json') as Record<string, unknown>;
    expect(clipTokenizerConfig({ ...fixtureFiles(), tokenizerConfig: rest }).model_max_length).toBe(77);
    const unset = { ...rest, model_max_length: 1e30 };
    expect(clipTokenizerConfig({ ...fixtureFiles(), tokenizerConfig: unset }).model_max_length).toBe(77);
  });
});

describe('clipTokenizerJson special tokens', () => {
  it('uses a pad token that differs from eos ("!" = id 0, as in SD 2 / OpenCLIP checkpoints)', () => {
    const files = { ...fixtureFiles(), specialTokensMap: { pad_token: '!' } };
    const json = clipTokenizerJson(files) as { added_tokens: Array<{ id: number; content: string }> };
    expect(json.added_tokens.map((t) => [t.id, t.content])).toEqual([
      [0, '!'],
      [998, '<|startoftext|>'],
      [999, '<|endoftext|>'],
    ]);
    const tokenizer = loadTokenizer(files);
    expect(tokenizer.pad_token_id).toBe(0);
    const out = tokenizer('a burger', { padding: 'max_length', max_length: 10, truncation: true, return_tensor: false });
    expect(out.input_ids).toEqual([998, 320, 65, 565, 70, 528, 999, 0, 0, 0]);
    expect(out.attention_mask).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    // As in HF (diffusers#4153): "!" is now a special added token, so it no longer encodes as "!</w>".
    expect(tokenizer.encode('wow!').slice(-2)).toEqual([0, 999]);
  });

  it('reads special tokens from tokenizer_config.json when there is no special_tokens_map.json', () => {
    const { specialTokensMap: _, ...files } = fixtureFiles();
    expect(clipTokenizerJson(files)).toEqual(readJson('tokenizer/tokenizer.json'));
  });

  it('falls back to CLIPTokenizer’s default token names with neither config file', () => {
    const { vocab, merges } = fixtureFiles();
    expect(clipTokenizerJson({ vocab, merges })).toEqual(readJson('tokenizer/tokenizer.json'));
  });

  it('rejects a special token that is not in the vocab, naming the file', () => {
    const files = { ...fixtureFiles(), specialTokensMap: { pad_token: '<pad>' } };
    expect(() => clipTokenizerJson(files)).toThrow(/special_tokens_map\.json \[pad_token\]: .*"<pad>" is neither in vocab/);
  });
});

describe('clipTokenizerJson input validation', () => {
  const { vocab, merges } = fixtureFiles();

  it('rejects a malformed merges.txt line, naming the file and line', () => {
    const bad = merges.replace('t h\n', 't h x\n');
    expect(() => clipTokenizerJson({ vocab, merges: bad })).toThrow(/^merges\.txt \[line 3\]: expected "left right"/);
  });

  it('rejects a merge whose token is not in vocab.json', () => {
    const bad = merges.replace('t h\n', 'q z\n');
    expect(() => clipTokenizerJson({ vocab, merges: bad })).toThrow(/merges\.txt \[line 3\]: token "qz" is not in vocab\.json/);
  });

  it('rejects a non-integer or repeated id in vocab.json', () => {
    expect(() => clipTokenizerJson({ vocab: { ...vocab, a: 1.5 }, merges })).toThrow(/^vocab\.json \[a\]: id must be/);
    expect(() => clipTokenizerJson({ vocab: { ...vocab, zzz: 0 }, merges })).toThrow(/^vocab\.json \[zzz\]: id 0 is used/);
  });

  it('accepts CRLF line ends and a trailing blank line', () => {
    const crlf = merges.replace(/\n/g, '\r\n') + '\r\n';
    expect(clipTokenizerJson({ vocab, merges: crlf })).toEqual(clipTokenizerJson({ vocab, merges }));
  });
});
