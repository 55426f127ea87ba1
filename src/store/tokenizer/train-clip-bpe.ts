// A small deterministic byte-level BPE trainer that lays out its vocabulary like CLIP's vocab.json (the original
// learner is not published; the layout follows openai/CLIP simple_tokenizer.py's SimpleTokenizer.__init__).

import { BYTE_LEVEL_ALPHABET, END_OF_WORD_SUFFIX, clipPreTokenize } from './clip-pre-tokenize.ts';

export interface TrainedClipBpe {
  /** vocab.json: 256 byte symbols, the same with "</w>", learned tokens, then bos and eos as the last two ids. */
  vocab: Record<string, number>;
  /** merges.txt text: "#version: 0.2", then one "left right" per line, in the order learned. */
  merges: string;
}

interface Word {
  symbols: string[];
  count: number;
}

/** Words of the corpus as symbol lists (last symbol carries "</w>"), with their counts, in first-seen order. */
function countWords(corpus: string): Word[] {
  const counts = new Map<string, number>();
  for (const word of clipPreTokenize(corpus)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts].map(([word, count]) => {
    const symbols = Array.from(word);
    symbols[symbols.length - 1] += END_OF_WORD_SUFFIX;
    return { symbols, count };
  });
}

/** The most frequent adjacent pair; ties go to the smallest (left, right) in UTF-16 code-unit order. */
function bestPair(words: readonly Word[]): [string, string] | null {
  const counts = new Map<string, { left: string; right: string; count: number }>();
  for (const { symbols, count } of words) {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const left = symbols[i] ?? '';
      const right = symbols[i + 1] ?? '';
      const key = `${left} ${right}`;
      const entry = counts.get(key);
      if (entry === undefined) counts.set(key, { left, right, count });
      else entry.count += count;
    }
  }
  let best: { left: string; right: string; count: number } | null = null;
  for (const c of counts.values()) {
    if (
      best === null ||
      c.count > best.count ||
      (c.count === best.count && (c.left < best.left || (c.left === best.left && c.right < best.right)))
    ) {
      best = c;
    }
  }
  return best === null ? null : [best.left, best.right];
}

/** Replaces every non-overlapping left,right (scanning left to right) with left+right, as BPE encoding does. */
function applyMerge(symbols: string[], left: string, right: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i] === left && symbols[i + 1] === right) {
      out.push(left + right);
      i++;
    } else {
      out.push(symbols[i] ?? '');
    }
  }
  return out;
}

/**
 * Learns up to `numMerges` merges over `corpus` pre-tokenized exactly as the CLIP tokenizer.json does (NFC,
 * whitespace collapse, lowercase, CLIP's word pattern, UTF-8 bytes as byte-level symbols). Stops early when no
 * adjacent pair is left. A merge whose result is already a token (reached by another split) is kept in merges
 * but not added to the vocab twice, so ids stay contiguous: vocab size = 512 + distinct learned tokens + 2.
 * Every byte has a symbol with and without "</w>", so any text tokenizes without the unk token.
 */
export function trainClipBpe(corpus: string, numMerges: number): TrainedClipBpe {
  if (!Number.isSafeInteger(numMerges) || numMerges < 0) {
    throw new RangeError(`numMerges must be a non-negative integer, got ${numMerges}`);
  }
  const tokens: string[] = [...BYTE_LEVEL_ALPHABET, ...BYTE_LEVEL_ALPHABET.map((s) => s + END_OF_WORD_SUFFIX)];
  const known = new Set(tokens);
  const merges: string[] = [];
  let words = countWords(corpus);
  while (merges.length < numMerges) {
    const pair = bestPair(words);
    if (pair === null) break;
    const [left, right] = pair;
    words = words.map(({ symbols, count }) => ({ symbols: applyMerge(symbols, left, right), count }));
    merges.push(`${left} ${right}`);
    if (!known.has(left + right)) {
      known.add(left + right);
      tokens.push(left + right);
    }
  }
  tokens.push('<|startoftext|>', '<|endoftext|>');
  return {
    vocab: Object.fromEntries(tokens.map((token, id) => [token, id])),
    merges: ['#version: 0.2', ...merges].join('\n') + '\n',
  };
}
