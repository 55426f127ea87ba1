// Results of `npm run bench:unet`: one row per (config, runtime, precision), the machine they ran on, and the
// markdown table printed at the end.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { PageInfo } from './webgpu-page.ts';
import type { Measurement } from './measure.ts';

export type Runtime = 'node' | 'wasm' | 'webgpu';

export interface CaseResult {
  readonly config: string;
  readonly runtime: Runtime;
  readonly precision: string;
  /** 'ok', or why there is no median: 'skipped (…)', 'failed: …'. */
  status: string;
  weightBytes?: number;
  threads?: string;
  createMs?: number;
  firstMs?: number;
  runsMs: number[];
  medianMs?: number;
  minMs?: number;
  maxMs?: number;
  /** median / onnxruntime-node's median for the same config and precision (first run / first run where a side
   * has no timed runs: `ratioOf` says which). */
  ratioToNode?: number;
  ratioOf?: 'median' | 'first run';
  outputMeanAbs?: number;
  /** For a case skipped on a projection: its first run, extrapolated from a smaller config. */
  projectedFirstRunMs?: number;
  note?: string;
}

export function caseResult(base: Omit<CaseResult, 'status' | 'runsMs'>, m: Measurement, budgetS: number): CaseResult {
  const r: CaseResult = { ...base, status: 'ok', runsMs: m.runsMs };
  if (m.createMs !== undefined) r.createMs = m.createMs;
  if (m.firstMs !== undefined) r.firstMs = m.firstMs;
  if (m.outputMeanAbs !== undefined) r.outputMeanAbs = m.outputMeanAbs;
  if (m.threads !== undefined) r.threads = String(m.threads);
  if (m.runsMs.length > 0) {
    const sorted = [...m.runsMs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    r.medianMs = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    [r.minMs, r.maxMs] = [sorted[0]!, sorted.at(-1)!];
  }
  if (m.error !== undefined) r.status = `failed: ${m.error.split('\n')[0]!.slice(0, 300)}`;
  else if (m.firstMs === undefined && m.stoppedForBudget) r.status = `skipped (over budget: ${budgetS} s, ${m.createMs === undefined ? 'session not created' : 'first run unfinished'})`;
  else if (m.runsMs.length === 0 && m.stoppedForBudget) r.status = `first run only (budget ${budgetS} s)`;
  else if (m.stoppedForBudget) r.note = `${m.runsMs.length} timed runs (budget ${budgetS} s)`;
  return r;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  chromium?: string;
  webgpuAdapter?: PageInfo['adapter'];
  /** 1-minute load average when the bench started and ended: other processes on the machine skew timings. */
  loadAverage: { start: number; end?: number };
}

export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: { start: os.loadavg()[0]! },
  };
}

/** `chromium --version`'s first line (Debian's wrapper script may print shell noise after it). */
export function chromiumVersion(executable: string): string {
  try {
    const out = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').find((l) => /chrom/i.test(l))?.trim() ?? out.trim();
  } catch (e) {
    return `unknown (${(e as Error).message.split('\n')[0]})`;
  }
}

export function machineLine(m: Machine): string {
  const a = m.webgpuAdapter;
  const adapter = a ? `${a.vendor}/${a.architecture}${a.isFallbackAdapter ? ' (fallback adapter)' : ''}` : 'none';
  const load = `load avg ${m.loadAverage.start.toFixed(1)}${m.loadAverage.end === undefined ? '' : ` → ${m.loadAverage.end.toFixed(1)}`}`;
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.chromium ?? 'no Chromium'}, WebGPU adapter ${adapter}; ${load}`;
}

const s = (ms: number | undefined) => (ms === undefined ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const formatSize = (b: number | undefined): string => (b === undefined ? '–' : b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);

export function markdownTable(rows: readonly CaseResult[]): string {
  const head = ['config', 'runtime', 'precision', 'weights', 'threads', 'create', 'first run', 'median', 'min', 'max', 'n', '× node', 'mean abs out'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const median = r.medianMs === undefined ? r.status : s(r.medianMs);
    const cells = [
      r.config, r.runtime, r.precision, formatSize(r.weightBytes), r.threads ?? '–', s(r.createMs), s(r.firstMs), median,
      s(r.minMs), s(r.maxMs), String(r.runsMs.length) + (r.note ? '*' : ''),
      r.ratioToNode === undefined ? '–' : `${r.ratioToNode.toFixed(1)}×${r.ratioOf === 'first run' ? ' (first)' : ''}`,
      r.outputMeanAbs === undefined ? '–' : r.outputMeanAbs.toFixed(4),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const notes = rows.filter((r) => r.note).map((r) => `\\* ${r.config}/${r.runtime}/${r.precision}: ${r.note}`);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** One line per case while the bench runs. */
export function summary(r: CaseResult): string {
  const t = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);
  return `${r.status}; create ${t(r.createMs)}, first ${t(r.firstMs)}, median ${t(r.medianMs)} (n=${r.runsMs.length})${r.note ? `; ${r.note}` : ''}`;
}
