// Tests for trainClipBpe + TINY_CORPUS: CLIP's vocab layout, determinism, and a trained tokenizer in transformers.js.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIPTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { clipNormalize } from './clip-pre-tokenize.ts';
import { clipTokenizerConfig } from './clip-tokenizer-config.ts';
import { clipTokenizerJson } from './clip-tokenizer-json.ts';
import { TINY_CORPUS } from './tiny-corpus.ts';
import { trainClipBpe } from './train-clip-bpe.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtureDir = process.env.LOCALMOTION_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures/i2vgen-xl-tiny');

const mergeLines = (merges: string): string[] => merges.trimEnd().split('\n').slice(1);
const tokensById = (vocab: Record<string, number>): string[] =>
  Object.entries(vocab)
    .sort((a, b) => a[1] - b[1])
    .map(([token]) => token);

describe('trainClipBpe', () => {
  it('learns the most frequent pair first and breaks ties by the smaller (left, right)', () => {
    // "aaa" twice: (a, a) and (a, a</w>) both count 2; "a" < "a</w>" so (a, a) wins.
    expect(mergeLines(trainClipBpe('aaa AAA', 10).merges)).toEqual(['a a', 'aa a</w>']);
    // (c, d</w>) counts 3, (a, b</w>) 2.
    expect(mergeLines(trainClipBpe('ab ab cd cd cd', 1).merges)).toEqual(['c d</w>']);
  });

  it('lays out the vocab like CLIP’s vocab.json: bytes, bytes + </w>, merges, then bos and eos', () => {
    const fixtureVocab = JSON.parse(readFileSync(path.join(fixtureDir, 'tokenizer/vocab.json'), 'utf8')) as Record<
      string,
      number
    >;
    const { vocab, merges } = trainClipBpe(TINY_CORPUS, 300);
    const tokens = tokensById(vocab);
    expect(tokens.slice(0, 512)).toEqual(tokensById(fixtureVocab).slice(0, 512));
    expect(tokens.slice(-2)).toEqual(['<|startoftext|>', '<|endoftext|>']);
    expect(Object.values(vocab).sort((a, b) => a - b)).toEqual(tokens.map((_, i) => i));
    const lines = mergeLines(merges);
    expect(merges.startsWith('#version: 0.2\n')).toBe(true);
    expect(lines).toHaveLength(300);
    expect(tokens.slice(512, -2)).toEqual([...new Set(lines.map((l) => l.replace(' ', '')))]);
    expect(tokens.length).toBeGreaterThanOrEqual(600);
    expect(tokens.length).toBeLessThanOrEqual(1000);
  });

  it('is deterministic', () => {
    expect(trainClipBpe(TINY_CORPUS, 300)).toEqual(trainClipBpe(TINY_CORPUS, 300));
  });

  it('stops early when no pair is left to merge', () => {
    expect(mergeLines(trainClipBpe('ab', 5).merges)).toEqual(['a b</w>']);
    expect(Object.keys(trainClipBpe('', 5).vocab)).toHaveLength(514);
  });

  it('rejects a negative or fractional numMerges', () => {
    expect(() => trainClipBpe(TINY_CORPUS, -1)).toThrow(/numMerges must be a non-negative integer, got -1/);
    expect(() => trainClipBpe(TINY_CORPUS, 2.5)).toThrow(/got 2.5/);
  });
});

describe('a tokenizer trained on TINY_CORPUS, in transformers.js', () => {
  const files = trainClipBpe(TINY_CORPUS, 300);
  const tokenizer = new CLIPTokenizer(clipTokenizerJson(files), clipTokenizerConfig(files));
  const vocabSize = Object.keys(files.vocab).length;
  const [bos, eos] = [vocabSize - 2, vocabSize - 1];

  const wordsOnly = ['A cat slowly turning its head', 'THE CAMERA  pans\tleft', 'waves crashing on the shore'];
  const mixed = [
    'A xylophone-playing zebra, 24 fps!!',
    'Café au lait in Zürich… naïve déjà-vu 🎥',
    "it's 3.14159 (pi) & 100% done?",
  ];

  it('uses learned tokens for corpus words', () => {
    expect(tokenizer.tokenize('the camera')).toEqual(['the</w>', 'camera</w>']);
  });

  it('tokenizes unseen words, punctuation, digits and unicode with bos/eos and no unk', () => {
    for (const text of [...wordsOnly, ...mixed]) {
      const ids = tokenizer.encode(text);
      expect(ids[0]).toBe(bos);
      expect(ids.at(-1)).toBe(eos);
      const inner = ids.slice(1, -1);
      expect(inner.length).toBeGreaterThan(0);
      // unk is <|endoftext|>: none may appear inside.
      expect(inner.every((id) => id >= 0 && id < bos)).toBe(true);
    }
  });

  it('decodes back to the normalized (lowercased, whitespace-collapsed) text', () => {
    for (const text of wordsOnly) {
      expect(tokenizer.decode(tokenizer.encode(text), { skip_special_tokens: true })).toBe(clipNormalize(text));
    }
    // CLIP decoding puts a space after every word piece ending in </w> ("24" → "2 4"), so compare without spaces.
    const squeeze = (s: string): string => s.replace(/ /g, '');
    for (const text of mixed) {
      const decoded = tokenizer.decode(tokenizer.encode(text), { skip_special_tokens: true });
      expect(squeeze(decoded)).toBe(squeeze(clipNormalize(text)));
    }
  });

  it('pads a batch to model_max_length 77 with the pad token', () => {
    const prompts = [...wordsOnly, ''];
    const out = tokenizer(prompts, { padding: 'max_length', truncation: true, return_tensor: false });
    for (const [i, ids] of out.input_ids.entries()) {
      const length = tokenizer.encode(prompts[i] ?? '').length;
      expect(ids).toHaveLength(77);
      expect(ids.slice(length)).toEqual(new Array(77 - length).fill(tokenizer.pad_token_id));
      expect(out.attention_mask[i]).toEqual([...new Array(length).fill(1), ...new Array(77 - length).fill(0)]);
    }
    expect(tokenizer.pad_token_id).toBe(eos);
    expect(tokenizer.encode('')).toEqual([bos, eos]);
  });
});
