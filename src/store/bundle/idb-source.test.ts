// idbBundleSource serves an installed model's files (and its manifest) from the store's chunks, and refuses a model
// that is missing or still downloading.
import { describe, expect, it } from 'vitest';
import type { ModelRecord } from '../idb/model-record.ts';
import { memoryStorage } from '../import/test-support.ts';
import { StoreError } from '../store-error.ts';
import { idbBundleSource } from './idb-source.ts';
import { type BundleManifest, parseManifest } from './manifest.ts';

const text = new TextEncoder().encode('0123456789abcdef');

function installed(state: ModelRecord['state']): { record: ModelRecord; storage: ReturnType<typeof memoryStorage> } {
  const chunk = (offset: number, bytes: number) => ({ offset, bytes, sha256: '0'.repeat(64) });
  const manifest: BundleManifest = parseManifest(
    JSON.stringify({
      format: 'localmotion-bundle',
      version: 2,
      id: 'm',
      name: 'M',
      precision: 'q4f32',
      requiredFeatures: [],
      graphs: {},
      configs: {},
      chunkBytes: 6,
      totalBytes: 16,
      files: [{ path: 'tokenizer.json', bytes: 16, sha256: '0'.repeat(64), chunks: [chunk(0, 6), chunk(6, 6), chunk(12, 4)] }],
      createdBy: 'test',
    }),
  );
  const record: ModelRecord = { id: 'm', manifest, state, verifiedChunks: [], bytes: state === 'installed' ? 16 : 6, updatedAt: 0 };
  const storage = memoryStorage();
  [0, 6, 12].forEach((at, i) => storage.chunks.set(`m/tokenizer.json#${i}`, new Blob([text.subarray(at, Math.min(at + 6, 16))])));
  void storage.putRecord(record);
  return { record, storage };
}

describe('idbBundleSource', () => {
  it('reads a file as one Blob of its chunks, and the manifest from the record', async () => {
    const { record, storage } = installed('installed');
    const source = await idbBundleSource('m', storage);
    const blob = await source.readFile('tokenizer.json');
    expect(blob).toBeInstanceOf(Blob);
    expect(await source.readText('tokenizer.json')).toBe('0123456789abcdef');
    expect(parseManifest(await source.readText('manifest.json'))).toEqual(record.manifest);
    expect(source.label).toContain('m');
  });

  it('refuses a model that is not installed', async () => {
    const { storage } = installed('downloading');
    await expect(idbBundleSource('m', storage)).rejects.toThrow(/not installed yet \(6 of 16 bytes stored\)/);
    await expect(idbBundleSource('other', storage)).rejects.toMatchObject({ code: 'missing' });
    await expect(idbBundleSource('m', storage)).rejects.toBeInstanceOf(StoreError);
  });

  it('names a file the model does not have', async () => {
    const source = await idbBundleSource('m', installed('installed').storage);
    await expect(source.readFile('unet.onnx')).rejects.toMatchObject({ code: 'missing', detail: { file: 'unet.onnx' } });
  });
});
