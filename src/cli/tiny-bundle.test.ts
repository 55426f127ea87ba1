// The demo bundle in public/models/ is exactly what `npm run make:tiny` makes (so it never drifts from the builder),
// it declares itself as random weights, and its graphs run with finite outputs of the contract shapes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../store/bundle/manifest.ts';
import { MODELS_DIR, makeTinyBundle } from './tiny-bundle.ts';

const temp = mkdtempSync(join(tmpdir(), 'localmotion-tiny-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const committed = () => parseManifest(readFileSync(join(MODELS_DIR, 'tiny/manifest.json'), 'utf8'));

describe('the demo bundle in public/models', () => {
  it('is byte for byte what make:tiny produces (run `npm run make:tiny` after changing the builder)', async () => {
    const fresh = await makeTinyBundle(temp);
    expect(committed().files).toEqual(fresh.files);
  });

  it('says it is random weights and needs no shader-f16', () => {
    const m = committed();
    expect(m.notice).toMatch(/random weights/);
    expect(m.precision).toBe('q4f32');
    expect(m.requiredFeatures).toEqual([]);
    const index = JSON.parse(readFileSync(join(MODELS_DIR, 'index.json'), 'utf8'));
    expect(index.bundles[0]).toMatchObject({ id: m.id, path: 'tiny/' });
  });

  it('runs every graph with finite outputs of the contract shapes (a 12×20 latent: not a multiple of 32)', async () => {
    const m = committed();
    const cfg = m.configs as Record<string, Record<string, number>>;
    const hidden = cfg.text_encoder!.hidden_size!;
    const size = cfg.image_encoder!.image_size!;
    const run = async (graph: string, feeds: Record<string, ort.Tensor>) => {
      const session = await ort.InferenceSession.create(join(MODELS_DIR, 'tiny', m.graphs[graph as 'text_encoder']!.model));
      const out = await session.run(feeds);
      await session.release();
      return out;
    };
    const ids = new BigInt64Array(2 * 77).fill(1n);
    const text = await run('text_encoder', { input_ids: new ort.Tensor('int64', ids, [2, 77]) });
    expect(text.prompt_embeds!.dims).toEqual([2, 77, hidden]);
    const pixels = new ort.Tensor('float32', new Float32Array(3 * size * size).fill(0.5), [1, 3, size, size]);
    const image = await run('image_encoder', { pixel_values: pixels });
    expect(image.image_embeds!.dims).toEqual([1, cfg.image_encoder!.projection_dim]);
    const frame = new ort.Tensor('float32', new Float32Array(3 * 48 * 64).fill(0.1), [1, 3, 48, 64]);
    const enc = await run('vae_encoder', { sample: frame });
    expect(enc.latent_mean!.dims).toEqual([1, 4, 24, 32]);
    const dec = await run('vae_decoder', { latent: new ort.Tensor('float32', new Float32Array(4 * 24 * 32), [1, 4, 24, 32]) });
    expect(dec.sample!.dims).toEqual([1, 3, 48, 64]);
    const unetCfg = cfg.unet!;
    const cad = unetCfg.cross_attention_dim!;
    const video = (v: number) => new ort.Tensor('float32', new Float32Array(2 * 4 * 2 * 12 * 20).fill(v), [2, 4, 2, 12, 20]);
    const unet = await run('unet', {
      sample: video(0.3),
      timestep: new ort.Tensor('float32', Float32Array.of(981, 981), [2]),
      fps: new ort.Tensor('float32', Float32Array.of(8, 8), [2]),
      image_latents: video(-0.2),
      image_embeddings: new ort.Tensor('float32', new Float32Array(2 * cad).fill(0.1), [2, 1, cad]),
      encoder_hidden_states: new ort.Tensor('float32', new Float32Array(2 * 77 * cad).fill(0.05), [2, 77, cad]),
    });
    expect(unet.noise_pred!.dims).toEqual([2, 4, 2, 12, 20]);
    for (const t of [text.prompt_embeds!, image.image_embeds!, enc.latent_std!, dec.sample!, unet.noise_pred!]) {
      expect((t.data as Float32Array).every(Number.isFinite)).toBe(true);
    }
  });
});
