// DDIMScheduler (diffusers schedulers/scheduling_ddim.py) with eta = 0: set_timesteps and step for v- or
// ε-prediction, float32 throughout. Latents are plain Float32Arrays here; the engine may keep them on the GPU and
// apply the same formula there.
import { noiseSchedule, type NoiseSchedule } from './alphas.ts';
import type { SchedulerConfig } from './config.ts';
import { predictionTerms, type StepPlan } from './plan.ts';

const f = Math.fround;

export class DdimScheduler {
  readonly schedule: NoiseSchedule;
  timesteps: readonly number[] = [];
  private stepRatio = 0;

  constructor(readonly config: SchedulerConfig) {
    this.schedule = noiseSchedule(config);
  }

  /** The timesteps of an N-step schedule, largest first (leading: 981, 961, …, 1 for N = 50). */
  setTimesteps(numInferenceSteps: number): readonly number[] {
    const n = this.config.numTrainTimesteps;
    if (!Number.isInteger(numInferenceSteps) || numInferenceSteps < 1 || numInferenceSteps > n) {
      throw new RangeError(`numInferenceSteps must be an integer in 1..${n}, got ${numInferenceSteps}`);
    }
    this.stepRatio = Math.floor(n / numInferenceSteps);
    let steps: number[];
    switch (this.config.timestepSpacing) {
      case 'leading':
        steps = Array.from({ length: numInferenceSteps }, (_, i) => Math.round(i * this.stepRatio) + this.config.stepsOffset).reverse();
        break;
      case 'trailing': {
        const ratio = n / numInferenceSteps;
        steps = Array.from({ length: numInferenceSteps }, (_, i) => Math.round(n - i * ratio) - 1);
        break;
      }
      case 'linspace':
        steps = Array.from({ length: numInferenceSteps }, (_, i) => Math.round(((n - 1) * i) / (numInferenceSteps - 1 || 1))).reverse();
        break;
    }
    this.timesteps = steps;
    return steps;
  }

  /** √ᾱ_t, √(1 − ᾱ_t), √ᾱ_prev and √(1 − ᾱ_prev) (the direction term with eta = 0) for a step at `timestep`. */
  private terms(timestep: number): { sqrtAlpha: number; sqrtBeta: number; sqrtAlphaPrev: number; direction: number } {
    if (this.timesteps.length === 0) throw new Error('call setTimesteps before step');
    const { alphasCumprod, finalAlphaCumprod } = this.schedule;
    const prev = timestep - this.stepRatio;
    const alphaProdT = alphasCumprod[timestep]!;
    const alphaProdPrev = prev >= 0 ? alphasCumprod[prev]! : finalAlphaCumprod;
    return {
      sqrtAlpha: f(Math.sqrt(alphaProdT)),
      sqrtBeta: f(Math.sqrt(f(1 - alphaProdT))),
      sqrtAlphaPrev: f(Math.sqrt(alphaProdPrev)),
      direction: f(Math.sqrt(f(1 - alphaProdPrev))),
    };
  }

  /** The step at `timestep` in linear form: x_{t−1} = √ᾱ_prev·x̂₀ + √(1 − ᾱ_prev)·ε. */
  plan(timestep: number): StepPlan {
    const { sqrtAlpha, sqrtBeta, sqrtAlphaPrev, direction } = this.terms(timestep);
    const v = this.config.predictionType === 'v_prediction';
    return { ...predictionTerms(v, sqrtAlpha, sqrtBeta), sample: 0, x0: sqrtAlphaPrev, eps: direction, previousX0: 0 };
  }

  /** x_{t−1} from x_t and the model output at t (eta = 0), on the CPU, rounded as torch rounds. */
  step(modelOutput: Float32Array, timestep: number, sample: Float32Array): Float32Array {
    const { sqrtAlpha, sqrtBeta, sqrtAlphaPrev, direction } = this.terms(timestep);
    const v = this.config.predictionType === 'v_prediction';
    const out = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]!;
      const m = modelOutput[i]!;
      const x0 = v ? f(f(sqrtAlpha * x) - f(sqrtBeta * m)) : f(f(x - f(sqrtBeta * m)) / sqrtAlpha);
      const eps = v ? f(f(sqrtAlpha * m) + f(sqrtBeta * x)) : m;
      out[i] = f(f(sqrtAlphaPrev * x0) + f(direction * eps));
    }
    return out;
  }
}
