// Comparisons with onnxruntime-node: each case's ratio to node on the same config and precision, and a first-run
// projection that lets the bench skip a case that could never finish inside its budget.
import type { CaseResult, Runtime } from './report.ts';

function nodeResult(results: readonly CaseResult[], config: string, precision: string): CaseResult | undefined {
  return results.find((x) => x.runtime === 'node' && x.config === config && x.precision === precision);
}

/** Median over node's median; first run over node's first run where either side has no timed runs. */
export function addRatiosToNode(results: CaseResult[]): void {
  for (const r of results) {
    const node = nodeResult(results, r.config, r.precision);
    if (r.medianMs !== undefined && node?.medianMs !== undefined) [r.ratioToNode, r.ratioOf] = [r.medianMs / node.medianMs, 'median'];
    else if (r.firstMs !== undefined && node?.firstMs !== undefined) [r.ratioToNode, r.ratioOf] = [r.firstMs / node.firstMs, 'first run'];
  }
}

/**
 * A runtime's first run on a config, guessed from an earlier config: its first run there × (node's first run here /
 * node's first run there). Crude (small graphs are overhead-bound), but it tells a 2-minute step from an hour.
 */
export function projectFirstRunMs(results: readonly CaseResult[], runtime: Runtime, config: string, precision: string): number | undefined {
  const nodeHere = nodeResult(results, config, precision)?.firstMs;
  if (runtime === 'node' || nodeHere === undefined) return undefined;
  for (const earlier of results) {
    if (earlier.runtime !== runtime || earlier.precision !== precision || earlier.config === config) continue;
    const nodeThere = nodeResult(results, earlier.config, precision)?.firstMs;
    if (earlier.firstMs !== undefined && nodeThere !== undefined) return earlier.firstMs * (nodeHere / nodeThere);
  }
  return undefined;
}

export function formatMinutes(ms: number): string {
  return ms >= 120_000 ? `${(ms / 60_000).toFixed(0)} min` : `${(ms / 1000).toFixed(0)} s`;
}
