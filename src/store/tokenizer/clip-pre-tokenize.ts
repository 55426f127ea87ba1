// CLIP's normalizer + pre-tokenizer in TS (mirrors transformers' CLIPConverter in convert_slow_tokenizer.py and
// GPT-2's bytes_to_unicode): the rules clipTokenizerJson writes into tokenizer.json, for the BPE trainer.

/** CLIP's word pattern, exactly as HF writes it into tokenizer.json's Split pre-tokenizer. */
export const CLIP_SPLIT_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

/** Appended to the last symbol of every word (BPE `end_of_word_suffix`). */
export const END_OF_WORD_SUFFIX = '</w>';

const clipSplitRegExp = new RegExp(CLIP_SPLIT_PATTERN, 'gu');

/**
 * GPT-2's reversible byte → printable character table, in its own order: the printable Latin-1 bytes first
 * (which map to themselves), then the 68 remaining bytes mapped to U+0100 and up. CLIP's vocab.json starts
 * with these 256 symbols in exactly this order.
 */
function byteLevelTable(): ReadonlyArray<readonly [byte: number, symbol: string]> {
  const printable: number[] = [];
  for (const [lo, hi] of [
    [0x21, 0x7e],
    [0xa1, 0xac],
    [0xae, 0xff],
  ] as const) {
    for (let b = lo; b <= hi; b++) printable.push(b);
  }
  const table: Array<readonly [number, string]> = printable.map((b) => [b, String.fromCharCode(b)] as const);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    if (!printable.includes(b)) table.push([b, String.fromCharCode(256 + next++)]);
  }
  return table;
}

const table = byteLevelTable();

/** The 256 byte-level symbols in CLIP's vocab order. */
export const BYTE_LEVEL_ALPHABET: readonly string[] = table.map(([, symbol]) => symbol);

/** byte → its byte-level symbol. */
const BYTE_TO_SYMBOL: readonly string[] = (() => {
  const out = new Array<string>(256).fill('');
  for (const [byte, symbol] of table) out[byte] = symbol;
  return out;
})();

/** The tokenizer.json normalizer: NFC, runs of whitespace → one space, lowercase. */
export function clipNormalize(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').toLowerCase();
}

/** Normalize, split with CLIP's pattern (non-matches dropped), and spell each word's UTF-8 bytes as symbols. */
export function clipPreTokenize(text: string): string[] {
  const utf8 = new TextEncoder();
  const words = clipNormalize(text).match(clipSplitRegExp) ?? [];
  return words.map((word) => Array.from(utf8.encode(word), (b) => BYTE_TO_SYMBOL[b] ?? '').join(''));
}
