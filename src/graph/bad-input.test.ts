// A checkpoint that does not match its config fails with one clear CheckpointError naming the file and the key:
// a missing tensor, an unused extra tensor, a wrong shape, an unsupported config value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafetensorsFile } from '../store/safetensors/index.ts';
import { fileSource } from '../store/safetensors/node-file-source.ts';
import { FIXTURE_DIR } from '../testing/fixtures.ts';
import { CheckpointError } from './checkpoint-error.ts';
import { buildComponent, type ComponentName } from './components.ts';
import { ModelConfig } from './config.ts';
import { safetensorsWeights } from './safetensors-weights.ts';
import type { TensorMeta, WeightSource } from './scope.ts';

async function fixture(component: ComponentName, file: string): Promise<{ config: ModelConfig; weights: WeightSource }> {
  const dir = join(FIXTURE_DIR, component);
  const configPath = join(dir, 'config.json');
  return {
    config: ModelConfig.parse(configPath, readFileSync(configPath, 'utf8')),
    weights: safetensorsWeights(await SafetensorsFile.open(fileSource(join(dir, file)))),
  };
}

/** The fixture's weights with some keys removed, added or reshaped. */
function edited(
  base: WeightSource,
  edit: { drop?: string; add?: [string, TensorMeta]; reshape?: [string, number[]] },
): WeightSource {
  return {
    name: base.name,
    keys: () => [...base.keys().filter((k) => k !== edit.drop), ...(edit.add ? [edit.add[0]] : [])],
    meta: (key) => {
      if (key === edit.drop) return undefined;
      if (edit.add && key === edit.add[0]) return edit.add[1];
      if (edit.reshape && key === edit.reshape[0]) return { dtype: 'F32', shape: edit.reshape[1] };
      return base.meta(key);
    },
    readFloat32: (key) => base.readFloat32(key),
  };
}

function thrown(f: () => unknown): CheckpointError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return e as CheckpointError;
  }
  throw new Error('expected a CheckpointError');
}

describe('bad checkpoints give one clear error naming file and key', () => {
  it('rejects a missing tensor', async () => {
    const { config, weights } = await fixture('vae', 'diffusion_pytorch_model.safetensors');
    const key = 'decoder.up_blocks.0.resnets.1.conv2.weight';
    const e = thrown(() => buildComponent('vae', config, edited(weights, { drop: key }), { precision: 'fp32' }));
    expect(e.code).toBe('missing-tensor');
    expect(e.key).toBe(key);
    expect(e.message).toContain('diffusion_pytorch_model.safetensors');
    expect(e.message).toContain('expected shape [8, 8, 3, 3]');
  });

  it('rejects an extra tensor no module consumes', async () => {
    const { config, weights } = await fixture('text_encoder', 'model.safetensors');
    const key = 'text_model.encoder.layers.0.mlp.fc3.weight';
    const e = thrown(() =>
      buildComponent('text_encoder', config, edited(weights, { add: [key, { dtype: 'F32', shape: [4, 4] }] }), {
        precision: 'fp32',
      }),
    );
    expect(e.code).toBe('unused-tensor');
    expect(e.key).toBe(key);
    expect(e.message).toContain('model.safetensors');
  });

  it('rejects a tensor whose shape disagrees with the config', async () => {
    const { config, weights } = await fixture('image_encoder', 'model.safetensors');
    const key = 'vision_model.encoder.layers.1.mlp.fc1.weight';
    const e = thrown(() =>
      buildComponent('image_encoder', config, edited(weights, { reshape: [key, [32, 4]] }), { precision: 'fp32' }),
    );
    expect(e.code).toBe('shape-mismatch');
    expect(e.key).toBe(key);
    expect(e.message).toContain('shape [32, 4] but the config implies [16, 4]');
  });

  it('rejects a config value the builder does not implement', async () => {
    const { weights } = await fixture('text_encoder', 'model.safetensors');
    const path = join(FIXTURE_DIR, 'text_encoder/config.json');
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    const config = new ModelConfig(path, { ...raw, hidden_act: 'gelu_new' });
    const e = thrown(() => buildComponent('text_encoder', config, weights, { precision: 'fp32' }));
    expect(e.code).toBe('bad-config');
    expect(e.key).toBe('hidden_act');
    expect(e.message).toContain('"gelu_new"');
    expect(e.message).toContain('supported: gelu, quick_gelu');
  });

  it('rejects a VAE block type it does not know', async () => {
    const { weights } = await fixture('vae', 'diffusion_pytorch_model.safetensors');
    const path = join(FIXTURE_DIR, 'vae/config.json');
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    const config = new ModelConfig(path, { ...raw, up_block_types: ['AttnUpDecoderBlock2D'] });
    const e = thrown(() => buildComponent('vae', config, weights, { precision: 'fp32' }));
    expect(e.code).toBe('bad-config');
    expect(e.key).toBe('up_block_types');
  });

  it('records the dropped last text layer as discarded, not unused', async () => {
    const { config, weights } = await fixture('text_encoder', 'model.safetensors');
    const [graph] = buildComponent('text_encoder', config, weights, { precision: 'fp32' });
    const names = graph!.initializers.map((i) => i.name);
    expect(names.some((n) => n.startsWith('text_model.encoder.layers.1.'))).toBe(false);
    expect(names).toContain('text_model.encoder.layers.0.mlp.fc2.weight');
  });
});
