// Parent side of graph-child.ts: one child per case, its MeasureEvents collected, killed past its hard limit (what it
// measured until then is kept). The child's stdout is kept too: onnxruntime-web's wasm profiler logs there.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { GraphJob } from './graph-child.ts';
import { applyEvent, type MeasureEvent, type Measurement } from './measure.ts';

const CHILD = join(import.meta.dirname, 'graph-child.ts');

export function runGraphInChild(job: GraphJob, hardLimitMs: number): Promise<Measurement & { stdout: string }> {
  return new Promise((resolve) => {
    const m: Measurement & { stdout: string } = { runsMs: [], stdout: '' };
    const child = fork(CHILD, [JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (m.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('message', (e: MeasureEvent) => applyEvent(m, e));
    const timer = setTimeout(() => {
      m.stoppedForBudget = true;
      child.kill('SIGKILL');
    }, hardLimitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!m.finished && m.error === undefined && !m.stoppedForBudget) {
        m.error = `child exited (${signal ?? `code ${code}`})${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`;
      }
      resolve(m);
    });
  });
}
