// The linear form of each scheduler step (plan) against the CPU reference step(), and the scheduler-step ONNX graph
// (what the GPU runs) against the plan applied on the CPU.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { schedulerStepModel } from '../../graph/models/scheduler-step.ts';
import { FIXTURE_DIR, maxAbsDiff } from '../../testing/fixtures.ts';
import { guide } from '../latents.ts';
import { randn } from '../random.ts';
import { parseSchedulerConfig, type SchedulerConfig } from './config.ts';
import { createScheduler, type SchedulerKind } from './index.ts';
import { applyStepPlan, stepCoefficients } from './plan.ts';

const pinned = parseSchedulerConfig(JSON.parse(readFileSync(join(FIXTURE_DIR, 'scheduler/scheduler_config.json'), 'utf8')));
const configs: Record<string, SchedulerConfig> = { 'v-prediction (pinned)': pinned, epsilon: { ...pinned, predictionType: 'epsilon' } };
const n = 4 * 3 * 8 * 8;

/** Both paths through a whole schedule with a synthetic model output per step; the worst difference seen. */
function compare(kind: SchedulerKind, config: SchedulerConfig, steps: number): number {
  const reference = createScheduler(kind, config);
  const planned = createScheduler(kind, config);
  const timesteps = reference.setTimesteps(steps);
  planned.setTimesteps(steps);
  let a = randn(n, 1);
  let b = a;
  let previousX0: Float32Array | undefined;
  let worst = 0;
  timesteps.forEach((t, i) => {
    const m = randn(n, 100 + i).map((v, k) => 0.5 * v + 0.3 * a[k]!); // model output correlated with the sample
    a = reference.step(m, t, a);
    const next = applyStepPlan(planned.plan(t), m, b, previousX0);
    b = next.latents;
    previousX0 = next.x0;
    worst = Math.max(worst, maxAbsDiff(a, b) / Math.max(1, Math.max(...a.map(Math.abs))));
  });
  return worst;
}

describe('scheduler step plans', () => {
  for (const [label, config] of Object.entries(configs)) {
    for (const [kind, steps] of [['ddim', 50], ['ddim', 3], ['dpmpp', 25], ['dpmpp', 2]] as const) {
      it(`${kind} ${steps} steps, ${label}: the plan gives step()'s latents`, () => {
        expect(compare(kind, config, steps)).toBeLessThan(1e-5);
      });
    }
  }
});

describe('scheduler-step graph', () => {
  it('applies guidance and the plan exactly as the CPU does (DDIM and DPM-Solver++ 2M coefficients)', async () => {
    const session = await ort.InferenceSession.create(await schedulerStepModel());
    const dims = [1, 4, 3, 8, 8];
    const noisePred = randn(2 * n, 7);
    const sample = randn(n, 8);
    const previousX0 = randn(n, 9);
    const scheduler = createScheduler('dpmpp', pinned);
    const timesteps = scheduler.setTimesteps(5);
    const plans = [createScheduler('ddim', pinned), scheduler].flatMap((s, k) => {
      if (k === 0) s.setTimesteps(5);
      return k === 0 ? [s.plan(timesteps[0]!)] : [s.plan(timesteps[0]!), s.plan(timesteps[1]!)]; // DDIM, DPM 1st, DPM 2M
    });
    expect(plans[2]!.previousX0).not.toBe(0);
    for (const plan of plans) {
      const out = await session.run({
        noise_pred: new ort.Tensor('float32', noisePred, [2, ...dims.slice(1)]),
        sample: new ort.Tensor('float32', sample, dims),
        previous_x0: new ort.Tensor('float32', previousX0, dims),
        coefficients: new ort.Tensor('float32', stepCoefficients(plan, 7.5), [9]),
      });
      const cpu = applyStepPlan(plan, guide(noisePred, 7.5), sample, previousX0);
      const latents = out.latents!.data as Float32Array;
      expect(out.latents!.dims).toEqual(dims);
      expect(maxAbsDiff(latents, cpu.latents)).toBeLessThan(1e-5);
      expect(maxAbsDiff(out.x0!.data as Float32Array, cpu.x0)).toBeLessThan(1e-5);
      const pair = out.sample_pair!.data as Float32Array;
      expect(out.sample_pair!.dims).toEqual([2, ...dims.slice(1)]);
      expect(Array.from(pair.subarray(0, n))).toEqual(Array.from(latents));
      expect(Array.from(pair.subarray(n))).toEqual(Array.from(latents));
    }
    await session.release();
  });
});
