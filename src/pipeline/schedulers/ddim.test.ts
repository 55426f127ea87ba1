// The DDIM scheduler equals diffusers' DDIMScheduler with the pinned I2VGen-XL config: betas and alphas_cumprod
// (zero terminal SNR), timesteps for 3 and 50 steps, and step() at the first and last timestep.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, goldenFloat32, goldenInt64 } from '../../testing/fixtures.ts';
import { parseSchedulerConfig, SchedulerConfigError } from './config.ts';
import { DdimScheduler } from './ddim.ts';

const raw = JSON.parse(readFileSync(join(FIXTURE_DIR, 'scheduler/scheduler_config.json'), 'utf8'));
const config = parseSchedulerConfig(raw);

describe('DDIM scheduler (pinned I2VGen-XL config)', () => {
  it('has the reference betas and alphas_cumprod bit for bit, ending at zero SNR', () => {
    const s = new DdimScheduler(config);
    expect(s.schedule.betas).toEqual(goldenFloat32('scheduler/betas').data);
    expect(s.schedule.alphasCumprod).toEqual(goldenFloat32('scheduler/alphas_cumprod').data);
    expect(s.schedule.alphasCumprod[999]).toBe(0);
    expect(s.schedule.finalAlphaCumprod).toBe(goldenFloat32('scheduler/final_alpha_cumprod').data[0]);
  });

  it.each([3, 50])('gives the reference timesteps for %i steps', (n) => {
    const s = new DdimScheduler(config);
    expect(s.setTimesteps(n)).toEqual(Array.from(goldenInt64(`scheduler/timesteps_${n}`).data, Number));
  });

  it('gives diffusers\' leading timesteps for 4 steps (step ratio 250, offset 1)', () => {
    expect(new DdimScheduler(config).setTimesteps(4)).toEqual([751, 501, 251, 1]);
  });

  it.each(['first', 'last'])('step() at the %s timestep equals the reference bit for bit', (which) => {
    const s = new DdimScheduler(config);
    s.setTimesteps(50);
    const t = Number(goldenInt64(`scheduler/step_${which}_t`).data[0]);
    const prev = s.step(goldenFloat32(`scheduler/step_${which}_model_output`).data, t, goldenFloat32(`scheduler/step_${which}_sample`).data);
    const ref = goldenFloat32(`scheduler/step_${which}_prev_sample`).data;
    expect(prev).toEqual(ref);
  });

  it('rejects settings it does not implement, naming the field', () => {
    expect(() => parseSchedulerConfig({ ...raw, beta_schedule: 'linear' })).toThrow(SchedulerConfigError);
    expect(() => parseSchedulerConfig({ ...raw, beta_schedule: 'linear' })).toThrow(/beta_schedule = "linear"/);
    expect(() => parseSchedulerConfig({ ...raw, thresholding: true })).toThrow(/thresholding/);
    expect(() => new DdimScheduler(config).setTimesteps(0)).toThrow(/numInferenceSteps must be an integer in 1..1000, got 0/);
  });
});
