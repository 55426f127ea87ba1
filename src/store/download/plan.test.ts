// Download planning: which chunks are still missing, which verified chunks survive a re-published manifest, and
// the Range arithmetic of resuming a chunk.
import { describe, expect, it } from 'vitest';
import type { BundleManifest, ManifestFile } from '../bundle/manifest.ts';
import { keepVerified, parseContentRange, planDownload, rangeHeader, resumeRange } from './plan.ts';

const sha = (c: string) => c.repeat(64);
const file = (path: string, sizes: number[], hashes: string): ManifestFile => {
  let offset = 0;
  const chunks = sizes.map((bytes, i) => {
    const c = { offset, bytes, sha256: sha(hashes[i]!) };
    offset += bytes;
    return c;
  });
  return { path, bytes: offset, sha256: sha('f'), chunks };
};
const manifest = (files: ManifestFile[]) =>
  ({ chunkBytes: 100, totalBytes: files.reduce((s, f) => s + f.bytes, 0), files }) as unknown as BundleManifest;

describe('planDownload', () => {
  const m = manifest([file('a.onnx', [100, 100, 50], 'abc'), file('b.json', [10], 'd')]);

  it('plans every chunk, in manifest order, when nothing is verified', () => {
    const plan = planDownload(m, new Set());
    expect(plan.missing.map((c) => c.name)).toEqual(['a.onnx#0', 'a.onnx#1', 'a.onnx#2', 'b.json#0']);
    expect(plan.missingBytes).toBe(260);
    expect(plan.doneBytes).toBe(0);
  });

  it('skips verified chunks and counts their bytes as done', () => {
    const plan = planDownload(m, new Set(['a.onnx#1', 'b.json#0']));
    expect(plan.missing.map((c) => [c.name, c.offset, c.bytes])).toEqual([
      ['a.onnx#0', 0, 100],
      ['a.onnx#2', 200, 50],
    ]);
    expect(plan.missingBytes).toBe(150);
    expect(plan.doneBytes).toBe(110);
  });

  it('has nothing to fetch when every chunk is verified', () => {
    expect(planDownload(m, new Set(['a.onnx#0', 'a.onnx#1', 'a.onnx#2', 'b.json#0'])).missing).toEqual([]);
  });
});

describe('keepVerified', () => {
  it('keeps the chunks whose place and sha256 did not change, drops the rest', () => {
    const before = manifest([file('a.onnx', [100, 100, 50], 'abc'), file('gone.bin', [5], 'e')]);
    const after = manifest([file('a.onnx', [100, 100, 60], 'aXc'), file('b.json', [10], 'd')]);
    expect(keepVerified(before, after, ['a.onnx#0', 'a.onnx#1', 'a.onnx#2', 'gone.bin#0'])).toEqual(['a.onnx#0']);
  });
});

describe('ranges', () => {
  it('resumes a chunk from its first missing byte to its last byte', () => {
    const chunk = { offset: 1000, bytes: 500, sha256: sha('a') };
    expect(resumeRange(chunk, 0)).toEqual({ first: 1000, last: 1499 });
    expect(resumeRange(chunk, 137)).toEqual({ first: 1137, last: 1499 });
    expect(rangeHeader(1137, 1499)).toBe('bytes=1137-1499');
  });

  it('parses Content-Range and rejects what it cannot trust', () => {
    expect(parseContentRange('bytes 10-19/1000')).toEqual({ first: 10, last: 19, size: 1000 });
    expect(parseContentRange('bytes 10-19/*')).toEqual({ first: 10, last: 19 });
    expect(parseContentRange(null)).toBeUndefined();
    expect(parseContentRange('bytes */1000')).toBeUndefined();
    expect(parseContentRange('bytes 19-10/1000')).toBeUndefined();
  });
});
