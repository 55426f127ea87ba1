// The readable report of `npm run bench`: one markdown section per benchmark, from the JSON results.
import type { BrowserBench, GenerationBench, InstallBench, VideoBench } from './browser.ts';
import type { GpuBench } from './gpu.ts';
import type { CaseResult } from './report.ts';
import { formatSize } from './report.ts';
import type { BundleSize, PresetMemory } from './sizes.ts';

export type GraphRow = CaseResult & { graph: string; description: string };

const ms = (v: number | undefined) => (v === undefined ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
export const median = (xs: readonly number[]): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1]! + s[m]!) / 2;
};
const spread = (xs: readonly number[], f = ms) => (xs.length === 0 ? '–' : `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))}, n=${xs.length})`);

export function graphTable(rows: readonly GraphRow[]): string {
  const out = ['| config | graph | runtime | weights | create | first run | median (min–max) | n | × node |', '|---|---|---|---:|---:|---:|---|---:|---:|'];
  for (const r of rows) {
    const med = r.medianMs === undefined ? r.status : `${ms(r.medianMs)} (${ms(r.minMs)}–${ms(r.maxMs)})`;
    const ratio = r.ratioToNode === undefined ? '–' : `${r.ratioToNode.toFixed(1)}×${r.ratioOf === 'first run' ? ' (first)' : ''}`;
    out.push(`| ${r.config} | ${r.graph} | ${r.runtime} | ${formatSize(r.weightBytes)} | ${ms(r.createMs)} | ${ms(r.firstMs)} | ${med} | ${r.runsMs.length} | ${ratio} |`);
  }
  return out.join('\n');
}

export function generationTable(gens: readonly GenerationBench[]): string {
  const stages = ['encode-prompt', 'encode-image', 'denoise', 'decode', 'encode-video'] as const;
  const out = [`| backend | load | total | ${stages.join(' | ')} | outside session.run | runs |`, `|---|---:|---:|${stages.map(() => '---:').join('|')}|---:|---:|`];
  for (const g of gens) {
    if (g.runs.length === 0) {
      out.push(`| ${g.backend} | ${ms(g.loadMs)} | ${g.error ?? 'no runs'} |${stages.map(() => ' – |').join('')} – | 0 |`);
      continue;
    }
    const per = (f: (t: GenerationBench['runs'][number]) => number) => median(g.runs.map(f));
    const cells = stages.map((s) => `${ms(per((t) => t.stages[s] ?? 0))} (out ${ms(per((t) => t.outsideRunByStage[s] ?? 0))})`);
    out.push(`| ${g.backend} | ${ms(g.loadMs)} | ${spread(g.runs.map((t) => t.totalMs))} | ${cells.join(' | ')} | ${((per((t) => t.outsideRunShare) ?? 0) * 100).toFixed(1)} % (prepare ${ms(per((t) => t.outsideRunByStage.prepare ?? 0))}) | ${g.runs.length} |`);
  }
  return out.join('\n');
}

export function installTable(i: InstallBench | undefined, importer: string, importerLarge: string): string {
  const mb = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(1)} MB/s`);
  return [
    '| measure | value |',
    '|---|---|',
    ...(i
      ? [
          `| tiny bundle install from the local dev server (download + sha256 + IndexedDB) | ${spread(i.installMs)} for ${formatSize(i.bundleBytes)} = ${spread(i.throughputMBps, mb)} |`,
          `| load the installed model from IndexedDB (wasm sessions) | ${spread(i.loadInstalledMs)} |`,
          `| page memory (incl. workers): before / after loading | ${formatSize(i.pageMemoryBefore)} / ${formatSize(i.pageMemoryAfterLoad)} |`,
        ]
      : ['| browser install / load | not run |']),
    `| Node importer, tiny fixture → fp32 bundle | ${importer} |`,
    `| Node importer, synthetic real-size checkpoint (fp16, 4.6 GiB) → q4f16 bundle | ${importerLarge} |`,
    ...(i?.error ? [`| error | ${i.error} |`] : []),
  ].join('\n');
}

export function videoLine(v: VideoBench): string {
  return v.error ? `video: failed: ${v.error}` : `video: ${v.format} (${v.codec}) ${v.width}×${v.height}, ${v.frames} frames: ${spread(v.msPerFrame)} per frame`;
}

export function sizeTables(sizes: readonly BundleSize[], presets: readonly PresetMemory[]): string {
  const graphs = Object.keys(sizes[0]?.graphs ?? {});
  const a = [`| precision | ${graphs.join(' | ')} | total |`, `|---|${graphs.map(() => '---:').join('|')}|---:|`];
  for (const s of sizes) a.push(`| ${s.precision} | ${graphs.map((g) => formatSize(s.graphs[g])).join(' | ')} | ${formatSize(s.totalBytes)} |`);
  const b = ['| preset | size | frames | precision | UNet weights | activations | estimated GPU memory |', '|---|---|---:|---|---:|---:|---:|'];
  for (const p of presets) b.push(`| ${p.preset} | ${p.width}×${p.height} | ${p.frames} (batch ${p.batch}) | ${p.precision} | ${formatSize(p.weightBytes)} | ${formatSize(p.activationBytes)} | ${formatSize(p.totalBytes)} |`);
  return `${a.join('\n')}\n\n${b.join('\n')}`;
}

export function gpuLine(g: GpuBench | undefined): string {
  if (!g) return 'GPU (--gpu): not run';
  const m = g.measurement;
  if (!m || g.status !== 'ok') return `GPU (--gpu): ${g.status}`;
  return `GPU (--gpu): standard preset UNet step, real config ${g.precision} (${formatSize(g.weightBytes)}): ${spread(m.runsMs, (v) => (v === undefined ? '–' : `${(v / 1000).toFixed(2)} s`))} per step (first ${((m.firstMs ?? 0) / 1000).toFixed(1)} s)`;
}

export type { BrowserBench };
