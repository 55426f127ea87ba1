// Runs one case on its runtime: node and wasm in a child process (node-runner.ts), WebGPU in Chromium (webgpu.ts).
import { dirname, join } from 'node:path';
import type { BuiltModel } from './build.ts';
import type { InputFile } from './inputs.ts';
import type { Measurement } from './measure.ts';
import { runInChild } from './node-runner.ts';
import type { Runtime } from './report.ts';
import type { WebGpuRunner } from './webgpu.ts';

/** A case is killed this long after its budget: page load, warm-up and one run's overshoot. */
const GRACE_MS = 20_000;

export interface CaseJob {
  runtime: Runtime;
  model: BuiltModel;
  inputs: InputFile[];
  inputsDir: string;
  runs: number;
  budgetMs: number;
  wasmThreads: number;
  webgpu: WebGpuRunner | undefined;
}

export function runCase(j: CaseJob): Promise<Measurement> {
  const hardLimitMs = j.budgetMs + GRACE_MS;
  if (j.runtime !== 'webgpu') {
    const m = j.model;
    return runInChild({ runtime: j.runtime, dir: m.dir, model: m.model, externalData: m.externalData, inputsDir: j.inputsDir, inputs: j.inputs, runs: j.runs, budgetMs: j.budgetMs, wasmThreads: j.wasmThreads }, hardLimitMs);
  }
  const w = j.webgpu!;
  return w.run(
    {
      model: w.url(join(j.model.dir, j.model.model)),
      externalData: j.model.externalData.map((f) => ({ path: f, url: w.url(join(j.model.dir, f)) })),
      inputs: j.inputs.map((i) => ({ name: i.name, shape: i.shape, url: w.url(join(j.inputsDir, i.file)) })),
      warmup: w.url(join(dirname(dirname(j.inputsDir)), 'warmup.onnx')),
      runs: j.runs,
      budgetMs: j.budgetMs,
    },
    hardLimitMs,
  );
}
