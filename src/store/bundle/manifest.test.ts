// The manifest validator accepts exactly the v2 format and rejects each way a manifest can be wrong with a
// ManifestError (code 'manifest') that names the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkSpans, ManifestError, MAX_CHUNK_BYTES, parseManifest } from './manifest.ts';

const sha = (c: string) => c.repeat(64);
const KiB = 1024;

/** A valid manifest: chunkBytes 4 KiB, one 10 KiB graph (3 chunks) and one small file. */
function valid(): Record<string, any> {
  return {
    format: 'localmotion-bundle',
    version: 2,
    id: 'test-model',
    name: 'Test model',
    precision: 'q4f32',
    requiredFeatures: [],
    graphs: { unet: { model: 'unet.onnx', externalData: [] } },
    configs: { unet: {} },
    chunkBytes: 4 * KiB,
    totalBytes: 10 * KiB + 100,
    files: [
      {
        path: 'unet.onnx',
        bytes: 10 * KiB,
        sha256: sha('a'),
        chunks: [
          { offset: 0, bytes: 4 * KiB, sha256: sha('b') },
          { offset: 4 * KiB, bytes: 4 * KiB, sha256: sha('c') },
          { offset: 8 * KiB, bytes: 2 * KiB, sha256: sha('d') },
        ],
      },
      { path: 'tokenizer.json', bytes: 100, sha256: sha('e'), chunks: [{ offset: 0, bytes: 100, sha256: sha('e') }] },
    ],
    createdBy: 'test',
  };
}

function rejects(edit: (m: Record<string, any>) => void, message: RegExp, field?: string): void {
  const m = valid();
  edit(m);
  let error: unknown;
  try {
    parseManifest(JSON.stringify(m));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ManifestError);
  expect((error as ManifestError).code).toBe('manifest');
  expect((error as ManifestError).message).toMatch(message);
  if (field !== undefined) expect((error as ManifestError).detail.field).toBe(field);
}

describe('parseManifest', () => {
  it('accepts a valid v2 manifest and keeps its chunks', () => {
    const m = parseManifest(JSON.stringify(valid()));
    expect(m.files[0]!.chunks.map((c) => c.offset)).toEqual([0, 4096, 8192]);
    expect(m.totalBytes).toBe(10 * KiB + 100);
  });

  it('accepts the committed demo bundle, whose chunks sum to its files', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../public/models/tiny/manifest.json'), 'utf8');
    const m = parseManifest(text);
    expect(m.chunkBytes).toBe(MAX_CHUNK_BYTES);
    for (const f of m.files) expect(f.chunks).toEqual([{ offset: 0, bytes: f.bytes, sha256: f.sha256 }]);
  });

  it('accepts an empty file with no chunks', () => {
    const m = valid();
    m.files.push({ path: 'empty.txt', bytes: 0, sha256: sha('f'), chunks: [] });
    expect(parseManifest(JSON.stringify(m)).files[2]!.chunks).toEqual([]);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseManifest('{"format": ')).toThrow(/manifest.json is not valid JSON/);
    expect(() => parseManifest('<html>404</html>')).toThrow(ManifestError);
  });

  it('rejects JSON that is not an object, or another format', () => {
    expect(() => parseManifest('[]')).toThrow(/manifest must be an object/);
    rejects((m) => (m.format = 'onnx-bundle'), /manifest.format must be "localmotion-bundle"/, 'manifest.format');
  });

  it('rejects unknown versions, including version 1 (no chunks)', () => {
    rejects((m) => (m.version = 1), /manifest.version 1 is not supported \(expected 2\)/, 'manifest.version');
    rejects((m) => (m.version = 3), /manifest.version 3 is not supported/);
    rejects((m) => delete m.version, /manifest.version undefined is not supported/);
  });

  it.each(['id', 'name', 'createdBy'])('rejects a missing %s', (field) => {
    rejects((m) => delete m[field], new RegExp(`manifest.${field} must be a non-empty string`), `manifest.${field}`);
  });

  it.each([
    ['files', /manifest.files must be an array/],
    ['graphs', /manifest.graphs must be an object/],
    ['configs', /manifest.configs must be an object/],
    ['requiredFeatures', /manifest.requiredFeatures must be an array/],
    ['chunkBytes', /manifest.chunkBytes must be a byte count/],
    ['totalBytes', /manifest.totalBytes must be a byte count/],
    ['precision', /manifest.precision undefined is not one of/],
  ])('rejects a missing %s', (field, message) => rejects((m) => delete m[field], message, `manifest.${field}`));

  it.each(['path', 'bytes', 'sha256', 'chunks'])('rejects a file without %s', (field) => {
    rejects((m) => delete m.files[1][field], new RegExp(`manifest.files\\[1\\].${field}`), `manifest.files[1].${field}`);
  });

  it('rejects ids that cannot be store keys', () => {
    rejects((m) => (m.id = 'a/b'), /manifest.id "a\/b" may only hold/, 'manifest.id');
    rejects((m) => (m.id = '.hidden'), /manifest.id/);
  });

  it('rejects chunk sizes of 0 or over 64 MiB', () => {
    rejects((m) => (m.chunkBytes = 0), /manifest.chunkBytes must be 1..67108864 \(64 MiB\), got 0/);
    rejects((m) => (m.chunkBytes = MAX_CHUNK_BYTES + 1), /got 67108865/, 'manifest.chunkBytes');
    rejects((m) => (m.chunkBytes = 4096.5), /manifest.chunkBytes must be a byte count/);
  });

  it('rejects file sizes that are not byte counts', () => {
    rejects((m) => (m.files[1].bytes = -1), /manifest.files\[1\].bytes must be a byte count .* got -1/);
    rejects((m) => (m.files[1].bytes = '100'), /manifest.files\[1\].bytes must be a byte count/);
  });

  it('rejects chunks that do not sum to the file size', () => {
    rejects((m) => (m.files[1].bytes = 101), /manifest.files\[1\].chunks\[0\].bytes must be 101/);
    rejects((m) => m.files[0].chunks.pop(), /manifest.files\[0\].chunks cover 8192 bytes in 2 chunks, but the file has 10240/, 'manifest.files[0].chunks');
    rejects(
      (m) => m.files[1].chunks.push({ offset: 100, bytes: 1, sha256: sha('0') }),
      /manifest.files\[1\].chunks cover 101 bytes in 2 chunks, but the file has 100/,
    );
  });

  it('rejects offsets that leave a gap or overlap', () => {
    rejects((m) => (m.files[0].chunks[1].offset = 4097), /manifest.files\[0\].chunks\[1\].offset must be 4096 \(chunks are contiguous\), got 4097/);
    rejects((m) => (m.files[0].chunks[2].offset = 8000), /chunks\[2\].offset must be 8192/, 'manifest.files[0].chunks[2].offset');
  });

  it('rejects a chunk that is not cut at chunkBytes', () => {
    rejects((m) => {
      m.files[0].chunks[0].bytes = 2048;
      m.files[0].chunks[1] = { offset: 2048, bytes: 6144, sha256: sha('c') };
    }, /manifest.files\[0\].chunks\[0\].bytes must be 4096 \(manifest.chunkBytes 4096\), got 2048/);
  });

  it('rejects a totalBytes that is not the sum of the files', () => {
    rejects((m) => (m.totalBytes = 10), /manifest.totalBytes is 10 but the files add up to 10340/, 'manifest.totalBytes');
  });

  it('rejects hashes that are not lower-case hex sha256', () => {
    rejects((m) => (m.files[0].sha256 = 'A'.repeat(64)), /manifest.files\[0\].sha256 is not a lower-case hex sha256/);
    rejects((m) => (m.files[0].chunks[2].sha256 = 'abc'), /manifest.files\[0\].chunks\[2\].sha256/, 'manifest.files[0].chunks[2].sha256');
  });

  it('rejects paths that escape the bundle or are not plain', () => {
    for (const path of ['../secret', '/etc/passwd', 'a/../../b']) rejects((m) => (m.files[1].path = path), /escapes the bundle/);
    for (const path of ['a//b', './a', 'a\\b', 'a#1', 'a?x', 'a%2e']) rejects((m) => (m.files[1].path = path), /is not a plain relative path/);
  });

  it('rejects a file listed twice and graphs naming files not in the list', () => {
    rejects((m) => (m.files[1].path = 'unet.onnx'), /manifest.files\[1\].path unet.onnx is listed twice/);
    rejects((m) => (m.graphs.unet.externalData = ['unet.onnx.data']), /manifest.graphs.unet names unet.onnx.data, which is not in manifest.files/);
  });
});

describe('chunkSpans', () => {
  it('cuts at multiples of chunkBytes, the last chunk shorter', () => {
    expect(chunkSpans(10, 4)).toEqual([
      { offset: 0, bytes: 4 },
      { offset: 4, bytes: 4 },
      { offset: 8, bytes: 2 },
    ]);
    expect(chunkSpans(8, 4)).toHaveLength(2);
    expect(chunkSpans(0, 4)).toEqual([]);
  });
});
