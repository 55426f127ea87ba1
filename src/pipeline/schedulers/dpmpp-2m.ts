// DPM-Solver++(2M): diffusers' DPMSolverMultistepScheduler (schedulers/scheduling_dpmsolver_multistep.py, 0.33.1) with
// algorithm_type "dpmsolver++", solver_order 2, solver_type "midpoint", lower_order_final, final_sigmas_type "zero",
// on the pinned I2VGen-XL config (v-prediction, zero terminal SNR); float32 wherever torch computes in float32.
import { noiseSchedule, type NoiseSchedule } from './alphas.ts';
import type { SchedulerConfig } from './config.ts';
import { predictionTerms, type StepPlan } from './plan.ts';

const f = Math.fround;

/** alpha_t = 1/√(σ² + 1), sigma_t = σ·alpha_t (_sigma_to_alpha_sigma_t), lambda_t = log alpha_t − log sigma_t. */
function alphaSigmaLambda(sigma: number): { alphaT: number; sigmaT: number; lambdaT: number } {
  const alphaT = f(1 / f(Math.sqrt(f(f(sigma * sigma) + 1))));
  const sigmaT = f(sigma * alphaT);
  return { alphaT, sigmaT, lambdaT: f(f(Math.log(alphaT)) - f(Math.log(sigmaT))) };
}

/** numpy's round (half to even), as in `.round()` on the timestep grid. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export class DpmSolverMultistepScheduler {
  readonly schedule: NoiseSchedule;
  /** ᾱ per train timestep; with zero terminal SNR the last is 2⁻²⁴ instead of 0, so its sigma is finite. */
  readonly alphasCumprod: Float32Array;
  /** σ = √((1 − ᾱ)/ᾱ) per train timestep (the variance-exploding sigma). */
  readonly trainSigmas: Float32Array;
  /** init_noise_sigma: the initial latents are unit Gaussian noise, as for DDIM. */
  readonly initNoiseSigma = 1;
  timesteps: readonly number[] = [];
  /** σ of each timestep, then the final σ = 0 (final_sigmas_type "zero"). */
  sigmas = new Float32Array(0);
  private stepIndex: number | undefined;
  private lowerOrderNums = 0;
  /** model_outputs: the data predictions x̂₀ of the previous and the current step. */
  private readonly modelOutputs: [Float32Array | undefined, Float32Array | undefined] = [undefined, undefined];

  constructor(readonly config: SchedulerConfig) {
    this.schedule = noiseSchedule(config);
    this.alphasCumprod = this.schedule.alphasCumprod.slice();
    // "Close to 0 without being 0 so first sigma is not inf" (diffusers sets alphas_cumprod[-1] = 2**-24).
    if (config.rescaleBetasZeroSnr) this.alphasCumprod[this.alphasCumprod.length - 1] = 2 ** -24;
    this.trainSigmas = this.alphasCumprod.map((a) => f(Math.sqrt(f(f(1 - a) / a))));
  }

  /** The timesteps of an N-step schedule, largest first (leading: 951, 913, …, 39 for N = 25). */
  setTimesteps(numInferenceSteps: number): readonly number[] {
    const n = this.config.numTrainTimesteps;
    if (!Number.isInteger(numInferenceSteps) || numInferenceSteps < 1 || numInferenceSteps > n) {
      throw new RangeError(`numInferenceSteps must be an integer in 1..${n}, got ${numInferenceSteps}`);
    }
    // lambda_min_clipped = −inf clips nothing, so last_timestep = num_train_timesteps.
    const lastTimestep = n;
    let steps: number[];
    switch (this.config.timestepSpacing) {
      case 'leading': {
        const stepRatio = Math.floor(lastTimestep / (numInferenceSteps + 1));
        steps = Array.from({ length: numInferenceSteps }, (_, i) => (numInferenceSteps - i) * stepRatio + this.config.stepsOffset);
        break;
      }
      case 'trailing': {
        // np.arange(last_timestep, 0, -step_ratio): length ceil(last / ratio), values start + i·delta; for some N
        // (61, 103, …) rounding gives N + 1 values, the last −1, as in diffusers.
        const stepRatio = n / numInferenceSteps;
        const delta = lastTimestep - stepRatio - lastTimestep;
        const length = Math.ceil(-lastTimestep / -stepRatio);
        steps = Array.from({ length }, (_, i) => roundHalfEven(lastTimestep + i * delta) - 1);
        break;
      }
      case 'linspace': {
        // np.linspace(0, last_timestep − 1, N + 1).round()[::-1][:-1]
        const step = (lastTimestep - 1) / numInferenceSteps;
        steps = Array.from({ length: numInferenceSteps }, (_, i) => {
          const k = numInferenceSteps - i;
          return k === numInferenceSteps ? lastTimestep - 1 : roundHalfEven(k * step);
        });
        break;
      }
    }
    this.timesteps = steps;
    // np.interp(timesteps, arange(1000), sigmas) is exact at integers and clamps t = −1 to sigmas[0].
    this.sigmas = Float32Array.from([...steps.map((t) => this.trainSigmas[Math.max(t, 0)]!), 0]);
    this.stepIndex = undefined;
    this.lowerOrderNums = 0;
    this.modelOutputs[0] = this.modelOutputs[1] = undefined;
    return steps;
  }

  /**
   * The step at `timestep` in linear form (the caller keeps the previous x̂₀), advancing the same state as step()
   * (use one or the other within a schedule):
   * first order x_t = (σ_t/σ_s)·x − α_t(e^{−h} − 1)·x̂₀; 2M adds −½·α_t(e^{−h} − 1)·(x̂₀ − x̂₀_prev)/r0.
   */
  plan(timestep: number): StepPlan {
    const { i, secondOrder } = this.advance(timestep, this.lowerOrderNums >= 1);
    const { alphaT, sigmaT } = alphaSigmaLambda(this.sigmas[i]!);
    const terms = predictionTerms(this.config.predictionType === 'v_prediction', alphaT, sigmaT);
    if (!secondOrder) {
      const { ratio, coef } = this.firstOrderTerms(i);
      return { ...terms, sample: ratio, x0: f(-coef), eps: 0, previousX0: 0 };
    }
    const { ratio, coef, halfCoef, invR0 } = this.secondOrderTerms(i);
    const d1 = f(halfCoef * invR0);
    return { ...terms, sample: ratio, x0: f(f(-coef) - d1), eps: 0, previousX0: d1 };
  }

  /** Step index and order of the step at `timestep`; moves the state on (step_index, lower_order_nums). */
  private advance(timestep: number, hasPrevious: boolean): { i: number; secondOrder: boolean } {
    if (this.timesteps.length === 0) throw new Error('call setTimesteps before step');
    const i = (this.stepIndex ??= this.indexForTimestep(timestep));
    if (i >= this.timesteps.length) throw new Error('all timesteps are done: call setTimesteps before the next run');
    const lowerOrderFinal = i === this.timesteps.length - 1; // always with final_sigmas_type "zero"
    const secondOrder = this.lowerOrderNums >= 1 && !lowerOrderFinal && hasPrevious;
    if (this.lowerOrderNums < 2) this.lowerOrderNums++;
    this.stepIndex = i + 1;
    return { i, secondOrder };
  }

  /** x_{t−1} from x_t and the model output at t: DPM-Solver++ 1 on the first and the last step, 2M in between. */
  step(modelOutput: Float32Array, timestep: number, sample: Float32Array): Float32Array {
    const previous = this.modelOutputs[1];
    const { i, secondOrder } = this.advance(timestep, previous !== undefined);
    const x0 = this.convertModelOutput(modelOutput, sample, i);
    this.modelOutputs[0] = previous;
    this.modelOutputs[1] = x0;
    return secondOrder && previous !== undefined ? this.secondOrderUpdate(x0, previous, sample, i) : this.firstOrderUpdate(x0, sample, i);
  }

  /** index_for_timestep: the second match if the timestep repeats, the last index if it is absent. */
  private indexForTimestep(timestep: number): number {
    const matches = this.timesteps.flatMap((t, k) => (t === timestep ? [k] : []));
    return matches.length === 0 ? this.timesteps.length - 1 : (matches[1] ?? matches[0]!);
  }

  /** convert_model_output: the data prediction x̂₀ that DPM-Solver++ integrates. */
  private convertModelOutput(modelOutput: Float32Array, sample: Float32Array, i: number): Float32Array {
    const { alphaT, sigmaT } = alphaSigmaLambda(this.sigmas[i]!);
    const v = this.config.predictionType === 'v_prediction';
    const x0 = new Float32Array(sample.length);
    for (let k = 0; k < sample.length; k++) {
      const x = sample[k]!;
      const m = modelOutput[k]!;
      x0[k] = v ? f(f(alphaT * x) - f(sigmaT * m)) : f(f(x - f(sigmaT * m)) / alphaT);
    }
    return x0;
  }

  /** dpm_solver_first_order_update: x_t = (σ_t/σ_s)·x_s − α_t(e^{−h} − 1)·x̂₀ (DDIM); x̂₀ itself when σ_t = 0. */
  private firstOrderUpdate(x0: Float32Array, sample: Float32Array, i: number): Float32Array {
    const { ratio, coef } = this.firstOrderTerms(i);
    const out = new Float32Array(sample.length);
    for (let k = 0; k < sample.length; k++) out[k] = f(f(ratio * sample[k]!) - f(coef * x0[k]!));
    return out;
  }

  /** multistep_dpm_solver_second_order_update, midpoint: D0 = m0, D1 = (m0 − m1)/r0, r0 = h_0/h. */
  private secondOrderUpdate(m0: Float32Array, m1: Float32Array, sample: Float32Array, i: number): Float32Array {
    const { ratio, coef, halfCoef, invR0 } = this.secondOrderTerms(i);
    const out = new Float32Array(sample.length);
    for (let k = 0; k < sample.length; k++) {
      const d1 = f(invR0 * f(m0[k]! - m1[k]!));
      out[k] = f(f(f(ratio * sample[k]!) - f(coef * m0[k]!)) - f(halfCoef * d1));
    }
    return out;
  }

  private firstOrderTerms(i: number): { ratio: number; coef: number } {
    const t = alphaSigmaLambda(this.sigmas[i + 1]!);
    const s = alphaSigmaLambda(this.sigmas[i]!);
    const h = f(t.lambdaT - s.lambdaT);
    return { ratio: f(t.sigmaT / s.sigmaT), coef: f(t.alphaT * f(f(Math.exp(-h)) - 1)) };
  }

  private secondOrderTerms(i: number): { ratio: number; coef: number; halfCoef: number; invR0: number } {
    const t = alphaSigmaLambda(this.sigmas[i + 1]!);
    const s0 = alphaSigmaLambda(this.sigmas[i]!);
    const s1 = alphaSigmaLambda(this.sigmas[i - 1]!);
    const h = f(t.lambdaT - s0.lambdaT);
    const h0 = f(s0.lambdaT - s1.lambdaT);
    const coef = f(t.alphaT * f(f(Math.exp(-h)) - 1));
    return { ratio: f(t.sigmaT / s0.sigmaT), coef, halfCoef: f(0.5 * coef), invR0: f(1 / f(h0 / h)) };
  }
}
