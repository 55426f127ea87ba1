// Converting the diffusers fixture writes a complete, verifiable bundle: manifest with sizes and sha256, graphs
// with external data when asked (loading in onnxruntime-node from the folder), tokenizer files, configs.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import { folderReader, folderWriter } from '../../cli/folder-io.ts';
import { FIXTURE_DIR, goldenFloat32, goldenInt64, goldenTolerance, maxAbsDiff } from '../../testing/fixtures.ts';
import { convertCheckpoint, type ConvertEvent } from './convert.ts';
import { parseManifest } from './manifest.ts';

const temp = mkdtempSync(join(tmpdir(), 'localmotion-convert-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('convertCheckpoint (Node folders)', () => {
  const out = join(temp, 'bundle');
  const events: ConvertEvent[] = [];

  it('writes every graph, the tokenizer and configs, and a manifest whose sizes and hashes are right', async () => {
    const manifest = await convertCheckpoint(
      folderReader(FIXTURE_DIR),
      folderWriter(out),
      { precision: 'fp32', id: 'tiny-fixture', externalDataAbove: 0 },
      (e) => events.push(e),
    );
    expect(Object.keys(manifest.graphs).sort()).toEqual(['image_encoder', 'text_encoder', 'unet', 'vae_decoder', 'vae_encoder']);
    const reparsed = parseManifest(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(reparsed).toEqual(manifest);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(out, f.path));
      expect(bytes.byteLength).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json', 'scheduler_config.json']),
    );
    const built = events.filter((e) => e.type === 'graph-built').map((e) => e.stats.graph);
    expect(built).toEqual(['text_encoder', 'image_encoder', 'vae_encoder', 'vae_decoder', 'unet']);
  });

  it('puts initializers in external data that onnxruntime-node loads from the folder', async () => {
    const manifest = parseManifest(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.graphs.text_encoder!.externalData).toEqual(['text_encoder.onnx.data']);
    const session = await ort.InferenceSession.create(join(out, 'text_encoder.onnx'));
    const ids = goldenInt64('text_encoder/input_ids');
    const result = await session.run({ input_ids: new ort.Tensor('int64', ids.data, ids.shape) });
    const ref = goldenFloat32('text_encoder/prompt_embeds_clip_skip1');
    expect(maxAbsDiff(result.prompt_embeds!.data as Float32Array, ref.data)).toBeLessThanOrEqual(goldenTolerance(ref.data));
  });

  it('builds tokenizer.json from vocab.json + merges.txt when the checkpoint has no tokenizer.json', async () => {
    const ckpt = join(temp, 'no-tokenizer-json');
    cpSync(FIXTURE_DIR, ckpt, { recursive: true, filter: (src) => !src.endsWith('tokenizer.json') && !src.includes('golden') });
    const bundle = join(temp, 'bundle-from-vocab');
    await convertCheckpoint(folderReader(ckpt), folderWriter(bundle), { precision: 'fp32', id: 't', components: ['text_encoder'] });
    const built = JSON.parse(readFileSync(join(bundle, 'tokenizer.json'), 'utf8'));
    const reference = JSON.parse(readFileSync(join(FIXTURE_DIR, 'tokenizer/tokenizer.json'), 'utf8'));
    expect(built).toEqual(reference);
  });

  it('lists every file as sha256-checked chunks of chunkBytes in the manifest', async () => {
    const bundle = join(temp, 'bundle-chunked');
    const manifest = await convertCheckpoint(folderReader(FIXTURE_DIR), folderWriter(bundle), {
      precision: 'fp32',
      id: 't',
      components: ['text_encoder'],
      chunkBytes: 4096,
    });
    expect(parseManifest(readFileSync(join(bundle, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(manifest.chunkBytes).toBe(4096);
    expect(manifest.totalBytes).toBe(manifest.files.reduce((s, f) => s + f.bytes, 0));
    const onnx = manifest.files.find((f) => f.path === 'text_encoder.onnx')!;
    expect(onnx.chunks.length).toBe(Math.ceil(onnx.bytes / 4096));
    for (const f of manifest.files) {
      const bytes = readFileSync(join(bundle, f.path));
      for (const c of f.chunks) {
        const hash = createHash('sha256').update(bytes.subarray(c.offset, c.offset + c.bytes)).digest('hex');
        expect(hash, `${f.path} chunk at ${c.offset}`).toBe(c.sha256);
      }
    }
  });

  it('names the file when a weights file is truncated', async () => {
    const ckpt = join(temp, 'truncated-weights');
    cpSync(FIXTURE_DIR, ckpt, { recursive: true, filter: (src) => !src.includes('golden') });
    const weights = join(ckpt, 'image_encoder/model.safetensors');
    truncateSync(weights, 20_000);
    const error = await convertCheckpoint(folderReader(ckpt), folderWriter(join(temp, 'never')), {
      precision: 'fp32',
      id: 't',
      components: ['image_encoder'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).message).toContain('image_encoder/model.safetensors');
  });

});
