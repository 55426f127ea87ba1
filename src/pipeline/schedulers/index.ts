// The schedulers behind one interface (diffusers' SchedulerMixin as far as the pipeline uses it), picked by kind.
import type { SchedulerConfig } from './config.ts';
import { DdimScheduler } from './ddim.ts';
import { DpmSolverMultistepScheduler } from './dpmpp-2m.ts';
import type { StepPlan } from './plan.ts';

/** What the denoising loop needs; init_noise_sigma is 1 and scale_model_input the identity for every kind here. */
export interface Scheduler {
  readonly timesteps: readonly number[];
  setTimesteps(numInferenceSteps: number): readonly number[];
  /** x_{t−1} on the CPU (the reference arithmetic). */
  step(modelOutput: Float32Array, timestep: number, sample: Float32Array): Float32Array;
  /** The same step as coefficients for the scheduler-step graph (the loop on the GPU); one or the other per schedule. */
  plan(timestep: number): StepPlan;
}

/** 'ddim': DDIMScheduler (eta = 0), the model's own; 'dpmpp': DPM-Solver++(2M), for fewer steps. */
export type SchedulerKind = 'ddim' | 'dpmpp';

export function createScheduler(kind: SchedulerKind, config: SchedulerConfig): Scheduler {
  switch (kind) {
    case 'ddim':
      return new DdimScheduler(config);
    case 'dpmpp':
      return new DpmSolverMultistepScheduler(config);
  }
}
