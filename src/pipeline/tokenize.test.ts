// PromptTokenizer on the fixture's tokenizer files gives the ids the Python tokenizer gave (goldens): the example
// strings, and the text prompts padded to 77.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, goldenIndex, goldenInt64 } from '../testing/fixtures.ts';
import { PromptTokenizer } from './tokenize.ts';

const json = (p: string) => JSON.parse(readFileSync(join(FIXTURE_DIR, p), 'utf8')) as Record<string, unknown>;
const tokenizer = () => new PromptTokenizer(json('tokenizer/tokenizer.json'), json('tokenizer/tokenizer_config.json'));
const meta = goldenIndex().meta as { tokenizer_examples: string[]; text_prompts: string[] };

describe('PromptTokenizer', () => {
  it('tokenizes the example strings to the golden ids (start and end tokens included), padded with the pad token', () => {
    const t = tokenizer();
    meta.tokenizer_examples.forEach((text, i) => {
      const golden = Array.from(goldenInt64(`tokenizer/example_${i}_ids`).data, Number);
      const ids = Array.from(t.encode(text).ids, Number);
      expect(ids.slice(0, golden.length)).toEqual(golden);
      expect(new Set(ids.slice(golden.length))).toEqual(new Set([999]));
    });
  });

  it('gives text_encoder/input_ids for the text prompts', () => {
    const t = tokenizer();
    const ids = meta.text_prompts.flatMap((p) => Array.from(t.encode(p).ids, Number));
    expect(ids).toEqual(Array.from(goldenInt64('text_encoder/input_ids').data, Number));
  });
});
