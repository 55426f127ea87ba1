// merges.txt → the ordered merge list of a CLIP BPE model, checked against vocab.json (mirrors the merges
// reading in transformers' CLIPTokenizer.__init__, tokenization_clip.py).

import { CheckpointError } from '../../graph/checkpoint-error.ts';

/**
 * CLIPTokenizer reads at most `49152 - 256 - 2` merges (`merges[1:49152-256-2+1]`): OpenAI's original BPE file
 * has 262k lines, of which CLIP's 49408-token vocab uses the first 48894. Later lines are ignored, as there.
 */
export const MAX_CLIP_MERGES = 49152 - 256 - 2;

/** vocab.json as a Map, after checking every id is a non-negative integer used once. */
export function readClipVocab(vocab: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const owner = new Map<number, string>();
  for (const [token, id] of Object.entries(vocab as Record<string, unknown>)) {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      throw new CheckpointError('bad-config', `id must be a non-negative integer, got ${String(id)}`, 'vocab.json', token);
    }
    const other = owner.get(id);
    if (other !== undefined) {
      throw new CheckpointError('bad-config', `id ${id} is used by both "${other}" and "${token}"`, 'vocab.json', token);
    }
    owner.set(id, token);
    out.set(token, id);
  }
  return out;
}

/**
 * Parses merges.txt ("#version: 0.2" header, then one "left right" pair per line, highest priority first) into
 * HF's tokenizer.json spelling ("left right"). Every left, right and left+right must be in the vocab.
 * A first line that does not start with "#version" is read as a merge (CLIPTokenizer would drop it unseen).
 */
export function parseClipMerges(text: string, vocab: ReadonlyMap<string, number>): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  const first = lines[0]?.startsWith('#version') === true ? 1 : 0;
  const merges: string[] = [];
  const seen = new Set<string>();
  for (let i = first; i < lines.length && merges.length < MAX_CLIP_MERGES; i++) {
    const line = lines[i] ?? '';
    const where = `line ${i + 1}`;
    const parts = line.split(' ');
    const [left, right] = parts;
    if (parts.length !== 2 || left === undefined || right === undefined || left === '' || right === '') {
      throw new CheckpointError('bad-config', `expected "left right", got ${JSON.stringify(line)}`, 'merges.txt', where);
    }
    for (const token of [left, right, left + right]) {
      if (!vocab.has(token)) {
        throw new CheckpointError('bad-config', `token "${token}" is not in vocab.json`, 'merges.txt', where);
      }
    }
    if (seen.has(line)) {
      throw new CheckpointError('bad-config', `merge "${line}" appears twice`, 'merges.txt', where);
    }
    seen.add(line);
    merges.push(line);
  }
  return merges;
}
