// The demo bundle the app ships (public/models/tiny/): a seeded random-weight I2VGen-XL checkpoint with tiny configs
// (configs/tiny), written in the diffusers layout and converted like any checkpoint. It produces noise.
import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundleManifest } from '../store/bundle/manifest.ts';
import { convertCheckpoint } from '../store/bundle/convert.ts';
import { folderReader, folderWriter } from './folder-io.ts';
import { writeSyntheticCheckpoint } from './synthetic-checkpoint.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const MODELS_DIR = join(here, '../../public/models');
export const TINY_SEED = 20261125;
export const TINY_ID = 'i2vgen-xl-tiny-demo';
export const TINY_NOTICE =
  'Demo model with random weights: it runs the whole pipeline but produces noise, not a video of your image.';

/** Writes `<modelsDir>/tiny/` and `<modelsDir>/index.json`; keeps the checkpoint in `checkpointDir` when given. */
export async function makeTinyBundle(
  modelsDir: string,
  checkpointDir?: string,
  log: (line: string) => void = () => {},
): Promise<BundleManifest> {
  const checkpoint = checkpointDir ?? mkdtempSync(join(tmpdir(), 'localmotion-tiny-'));
  await writeSyntheticCheckpoint({
    configDir: join(here, 'configs/tiny'),
    out: checkpoint,
    seed: TINY_SEED,
    dtype: 'F32',
    onComponent: (c, n, bytes) => log(`checkpoint ${c}: ${n} tensors, ${bytes} bytes`),
  });
  const bundleDir = join(modelsDir, 'tiny');
  await rm(bundleDir, { recursive: true, force: true });
  const manifest = await convertCheckpoint(folderReader(checkpoint), folderWriter(bundleDir), {
    precision: 'q4f32',
    id: TINY_ID,
    name: 'Tiny demo (random weights)',
    notice: TINY_NOTICE,
  });
  const index = {
    bundles: [{ id: manifest.id, name: manifest.name, path: 'tiny/', precision: manifest.precision, notice: TINY_NOTICE }],
  };
  await writeFile(join(modelsDir, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
  if (!checkpointDir) await rm(checkpoint, { recursive: true, force: true });
  return manifest;
}
