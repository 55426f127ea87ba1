// What `generate` writes for one image: frame-000.png …, metadata.json (every setting used, defaults included, the
// bundle, per-stage timings, warnings) and, when asked, the frames as raw float32 [F, H, W, 3].
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PipelineResult } from '../../pipeline/i2vgen-xl.ts';
import type { GenerationParams } from '../../protocol/params.ts';
import type { BundleManifest } from '../../store/bundle/manifest.ts';
import { encodePng, type ImageInfo } from './images.ts';
import { writeFloat32 } from './raw-f32.ts';
import type { StageTimings } from './stage-timer.ts';

export const frameName = (i: number): string => `frame-${String(i).padStart(3, '0')}.png`;

/** Writes one PNG per frame into `dir` (created); returns the file names. */
export async function writeFrames(dir: string, result: PipelineResult): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names = result.frames.map((_, i) => frameName(i));
  for (const [i, frame] of result.frames.entries()) {
    await writeFile(join(dir, names[i]!), await encodePng(frame, result.width, result.height));
  }
  return names;
}

/** --dump-frames: all frames, HWC RGB in [0, 1], one after the other. */
export const dumpFrames = (path: string, result: PipelineResult): Promise<void> => writeFloat32(path, result.frames);

export interface RunMetadata {
  readonly createdBy: string;
  readonly createdAt: string;
  readonly image: { readonly path: string } & ImageInfo;
  readonly bundle: { readonly path: string; readonly id: string; readonly name: string; readonly precision: string };
  readonly settings: GenerationParams & {
    readonly initLatents: string | null;
    readonly vaeNoise: string | null;
  };
  readonly frames: readonly string[];
  readonly dumpFrames: string | null;
  /** Milliseconds per pipeline stage (graph sessions start inside the first image's stages). */
  readonly timingsMs: StageTimings;
  /** Decode, pipeline and writing, in milliseconds. */
  readonly totalMs: number;
  readonly warnings: readonly string[];
}

export interface RunRecord {
  readonly image: { readonly path: string } & ImageInfo;
  readonly bundleDir: string;
  readonly manifest: BundleManifest;
  readonly params: GenerationParams;
  readonly initLatents: string | undefined;
  readonly vaeNoise: string | undefined;
  readonly frames: readonly string[];
  readonly dumpFrames: string | undefined;
  readonly timingsMs: StageTimings;
  readonly totalMs: number;
  readonly warnings: readonly string[];
}

export function runMetadata(r: RunRecord): RunMetadata {
  const path = (p: string | undefined) => (p === undefined ? null : resolve(p));
  const { prompt, ...params } = r.params; // the prompt first
  return {
    createdBy: 'localmotion generate',
    createdAt: new Date().toISOString(),
    image: { ...r.image, path: resolve(r.image.path) },
    bundle: { path: resolve(r.bundleDir), id: r.manifest.id, name: r.manifest.name, precision: r.manifest.precision },
    settings: { prompt, ...params, initLatents: path(r.initLatents), vaeNoise: path(r.vaeNoise) },
    frames: r.frames,
    dumpFrames: path(r.dumpFrames),
    timingsMs: r.timingsMs,
    totalMs: Math.round(r.totalMs * 10) / 10,
    warnings: r.warnings,
  };
}

export async function writeMetadata(dir: string, metadata: RunMetadata): Promise<void> {
  await writeFile(join(dir, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
}
