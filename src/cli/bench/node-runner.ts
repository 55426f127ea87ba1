// Parent side of node-child.ts: forks one child per case, collects its MeasureEvents, and kills it when the case
// outlives its hard time limit (what it measured until then is kept).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { applyEvent, type MeasureEvent, type Measurement } from './measure.ts';
import type { NodeJob } from './node-child.ts';

const CHILD = join(import.meta.dirname, 'node-child.ts');

export function runInChild(job: NodeJob, hardLimitMs: number): Promise<Measurement> {
  return new Promise((resolve) => {
    const m: Measurement = { runsMs: [] };
    // fork() passes this process's execArgv on, so the child gets tsx's loader too.
    const child = fork(CHILD, [JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('message', (e: MeasureEvent) => applyEvent(m, e));
    const timer = setTimeout(() => {
      m.stoppedForBudget = true;
      child.kill('SIGKILL');
    }, hardLimitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!m.finished && m.error === undefined && !m.stoppedForBudget) {
        m.error = `child exited (${signal ?? `code ${code}`})${stderr ? `: ${lastLine(stderr)}` : ''}`;
      }
      resolve(m);
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1) ?? '';
}
