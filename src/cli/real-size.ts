// npm run real-size [-- --precisions q4f32,fp16 --components unet --keep --work <dir>]: builds every graph
// (text_encoder, image_encoder, the VAE, the UNet) with the REAL I2VGen-XL configs (configs/i2vgen-xl) from a seeded random-weight fp16 checkpoint, in each
// precision, and reports node counts, initializer bytes, the largest tensor, conversion time and peak memory, and
// whether onnxruntime-node creates a session and runs it (output error of each precision against fp32 included).
import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { isPrecision, PRECISIONS, type Precision } from '../graph/quant/precision.ts';
import { convertCheckpoint, type ConvertEvent } from '../store/bundle/convert.ts';
import type { BundleManifest } from '../store/bundle/manifest.ts';
import { folderReader, folderWriter } from './folder-io.ts';
import { formatBytes } from './progress.ts';
import { SYNTHETIC_COMPONENTS, writeSyntheticCheckpoint } from './synthetic-checkpoint.ts';
import type { GraphStats } from '../graph/stats.ts';

const here = dirname(fileURLToPath(import.meta.url));

interface Row extends GraphStats {
  precision: Precision;
  files: number;
  bytes: number;
  session: string;
  runMs?: number;
  errorVsFp32?: { maxOverMean: number; rms: number };
}

/** Inputs small enough for CPU: full 77-token prompts, a 224-px image, a 64-px image / 8×8 latent for the VAE. */
function feeds(graph: string): Record<string, ort.Tensor> {
  const wave = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 0.8);
  switch (graph) {
    case 'text_encoder':
      return { input_ids: new ort.Tensor('int64', BigInt64Array.from({ length: 77 }, (_, i) => BigInt((i * 977) % 49408)), [1, 77]) };
    case 'image_encoder':
      return { pixel_values: new ort.Tensor('float32', wave(3 * 224 * 224), [1, 3, 224, 224]) };
    case 'vae_encoder':
      return { sample: new ort.Tensor('float32', wave(3 * 64 * 64), [1, 3, 64, 64]) };
    case 'unet': // one CFG step (batch 2) at an 8×8 latent with 2 frames
      return {
        sample: new ort.Tensor('float32', wave(2 * 4 * 2 * 8 * 8), [2, 4, 2, 8, 8]),
        timestep: new ort.Tensor('float32', Float32Array.of(981, 981), [2]),
        fps: new ort.Tensor('float32', Float32Array.of(16, 16), [2]),
        image_latents: new ort.Tensor('float32', wave(2 * 4 * 2 * 8 * 8).map((v) => v * 0.5), [2, 4, 2, 8, 8]),
        image_embeddings: new ort.Tensor('float32', wave(2 * 1024), [2, 1, 1024]),
        encoder_hidden_states: new ort.Tensor('float32', wave(2 * 77 * 1024), [2, 77, 1024]),
      };
    default:
      return { latent: new ort.Tensor('float32', wave(4 * 8 * 8), [1, 4, 8, 8]) };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      precisions: { type: 'string', default: PRECISIONS.join(',') },
      work: { type: 'string', default: join(tmpdir(), 'localmotion-real-size') },
      keep: { type: 'boolean', default: false },
      'no-run': { type: 'boolean', default: false },
      components: { type: 'string', default: 'text_encoder,image_encoder,vae,unet' },
    },
  });
  const precisions = values.precisions.split(',').filter(isPrecision);
  const components = values.components.split(',').filter((c): c is (typeof SYNTHETIC_COMPONENTS)[number] =>
    (SYNTHETIC_COMPONENTS as readonly string[]).includes(c),
  );
  const checkpoint = join(values.work, 'checkpoint');
  mkdirSync(values.work, { recursive: true });
  const missing = components.filter((c) => !existsSync(join(checkpoint, c, 'config.json')));
  if (missing.length > 0) {
    console.log(`writing the synthetic real-config checkpoint (fp16, seeded) for ${missing.join(', ')} to ${checkpoint} …`);
    const t0 = performance.now();
    await writeSyntheticCheckpoint({
      configDir: join(here, 'configs/i2vgen-xl'),
      out: checkpoint,
      seed: 1,
      dtype: 'F16',
      components: missing,
      onComponent: (c, n, b) => console.log(`  ${c}: ${n} tensors, ${formatBytes(b)}`),
    });
    console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }

  // Convert every precision first, then load and run: ORT's native allocations would otherwise count against the
  // next conversion's peak RSS.
  const order = (['fp32', ...precisions.filter((p) => p !== 'fp32')] as Precision[]).filter(
    (p) => p === 'fp32' || precisions.includes(p),
  );
  const converted: { precision: Precision; out: string; manifest: BundleManifest; stats: Record<string, GraphStats> }[] = [];
  for (const precision of order) {
    const out = join(values.work, `bundle-${precision}`);
    await rm(out, { recursive: true, force: true });
    const peak = trackPeakRss();
    const t0 = performance.now();
    const stats: Record<string, GraphStats> = {};
    const manifest = await convertCheckpoint(
      folderReader(checkpoint),
      folderWriter(out),
      { precision, id: `real-size-${precision}`, components },
      (e: ConvertEvent) => {
        if (e.type === 'graph-built') stats[e.stats.graph] = e.stats;
        if (e.type === 'graph-written') console.log(`  [${precision}] ${e.graph}: ${e.files.map((f) => formatBytes(f.bytes)).join(' + ')}`);
      },
    );
    const { peakRss, baseline } = peak.stop();
    console.log(
      `[${precision}] converted in ${((performance.now() - t0) / 1000).toFixed(0)} s; peak RSS ${formatBytes(peakRss)} (${formatBytes(baseline)} before)`,
    );
    converted.push({ precision, out, manifest, stats });
  }

  const rows: Row[] = [];
  const reference: Record<string, Float32Array> = {};
  for (const { precision, out, manifest, stats } of converted) {
    for (const [graph, entry] of Object.entries(manifest.graphs)) {
      const files = [entry!.model, ...entry!.externalData];
      const bytes = files.reduce((s, f) => s + manifest.files.find((x) => x.path === f)!.bytes, 0);
      const row: Row = { ...stats[graph]!, precision, files: files.length, bytes, session: 'not tried' };
      try {
        const session = await ort.InferenceSession.create(join(out, entry!.model));
        row.session = 'ok';
        if (!values['no-run']) {
          const t1 = performance.now();
          const result = await session.run(feeds(graph));
          row.runMs = performance.now() - t1;
          const first = Object.values(result)[0]!.data as Float32Array;
          if (precision === 'fp32') reference[graph] = first.slice();
          else if (reference[graph]) row.errorVsFp32 = relativeError(first, reference[graph]!);
        }
        await session.release();
      } catch (e) {
        row.session = `FAILED: ${(e as Error).message.split('\n')[0]}`;
      }
      rows.push(row);
    }
    if (!values.keep) await rm(out, { recursive: true, force: true });
  }
  printTable(rows);
}

/** max |Δ| / mean |ref| (the bound the golden tests use) and the relative RMS error ‖Δ‖ / ‖ref‖. */
function relativeError(a: Float32Array, ref: Float32Array): { maxOverMean: number; rms: number } {
  let max = 0;
  let mean = 0;
  let d2 = 0;
  let r2 = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = a[i]! - ref[i]!;
    max = Math.max(max, Math.abs(d));
    mean += Math.abs(ref[i]!);
    d2 += d * d;
    r2 += ref[i]! * ref[i]!;
  }
  return { maxOverMean: max / (mean / ref.length), rms: Math.sqrt(d2 / r2) };
}

function trackPeakRss(): { stop(): { peakRss: number; baseline: number } } {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop() {
      clearInterval(timer);
      return { peakRss: Math.max(peak, process.memoryUsage().rss), baseline };
    },
  };
}

function printTable(rows: Row[]): void {
  console.log('\n| graph | precision | nodes | initializers | bytes (files) | largest tensor | ORT node session | run | max|Δ|/mean|fp32| | ‖Δ‖/‖fp32‖ |');
  console.log('|---|---|---:|---:|---:|---|---|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.graph} | ${r.precision} | ${r.nodes} | ${r.initializers} | ${formatBytes(r.bytes)} (${r.files}) | ${r.largest.name} ${formatBytes(r.largest.bytes)} | ${r.session} | ${r.runMs === undefined ? '–' : `${(r.runMs / 1000).toFixed(2)} s`} | ${r.errorVsFp32 === undefined ? '– | –' : `${r.errorVsFp32.maxOverMean.toExponential(2)} | ${r.errorVsFp32.rms.toExponential(2)}`} |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
