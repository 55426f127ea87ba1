// Opens a bundle folder for `generate`: manifest.json parsed, every file it lists present with its size (hashes are
// not checked here: a real bundle is gigabytes), all five graphs declared, the PipelineModel loaded and an
// OrtNodeRunner made (its sessions start on first use). Every problem is a CliError naming the folder or file.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GRAPH_NAMES } from '../../graph/components.ts';
import type { PipelineModel } from '../../pipeline/i2vgen-xl.ts';
import { loadPipelineModel } from '../../pipeline/model.ts';
import { type BundleManifest, parseManifest } from '../../store/bundle/manifest.ts';
import { OrtNodeRunner } from '../ort-node-runner.ts';
import { fileError, messageOf } from './errors.ts';

export interface OpenedBundle {
  readonly dir: string;
  readonly manifest: BundleManifest;
  readonly model: PipelineModel;
  readonly runner: OrtNodeRunner;
}

export async function openBundle(dir: string): Promise<OpenedBundle> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw fileError(`${dir}: no such bundle folder`);
  if (!s.isDirectory()) throw fileError(`${dir}: the bundle must be a folder (made by npm run convert)`);
  const manifestPath = join(dir, 'manifest.json');
  const text = await readFile(manifestPath, 'utf8').catch(() => undefined);
  if (text === undefined) throw fileError(`${manifestPath}: missing — ${dir} is not a bundle folder`);
  let manifest: BundleManifest;
  try {
    manifest = parseManifest(text);
  } catch (e) {
    throw fileError(`${manifestPath}: ${messageOf(e)}`);
  }
  for (const file of manifest.files) {
    const path = join(dir, file.path);
    const size = (await stat(path).catch(() => undefined))?.size;
    if (size === undefined) throw fileError(`${path}: missing (listed in manifest.json)`);
    if (size !== file.bytes) throw fileError(`${path}: ${size} bytes, manifest.json says ${file.bytes}`);
  }
  const missing = GRAPH_NAMES.filter((g) => !manifest.graphs[g]);
  if (missing.length > 0) {
    throw fileError(`${manifestPath}: the bundle has no ${missing.join(', ')} graph (generate needs all five)`);
  }
  let model: PipelineModel;
  try {
    model = await loadPipelineModel(async (path) => {
      try {
        return await readFile(join(dir, path), 'utf8');
      } catch {
        throw new Error(`${join(dir, path)}: missing`);
      }
    });
  } catch (e) {
    throw fileError(`${dir}: ${messageOf(e)}`);
  }
  return { dir, manifest, model, runner: new OrtNodeRunner(dir, manifest) };
}
