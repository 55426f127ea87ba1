// A scheduler step in linear form, so the same update can run anywhere (the scheduler-step ONNX graph on the GPU,
// or here on the CPU in tests): with m the guided model output and x the sample,
//   x̂₀ = x0Sample·x + x0Model·m,  ε = epsSample·x + epsModel·m,
//   x_{t−1} = sample·x + x0·x̂₀ + eps·ε + previousX0·x̂₀(previous step).
// DDIM (eta = 0) and DPM-Solver++ 1/2M for ε- and v-prediction all fit it.
import { STEP_COEFFICIENTS } from '../../graph/models/scheduler-step.ts';

export interface StepPlan {
  readonly x0Sample: number;
  readonly x0Model: number;
  readonly epsSample: number;
  readonly epsModel: number;
  readonly sample: number;
  readonly x0: number;
  readonly eps: number;
  readonly previousX0: number;
}

const f = Math.fround;

/** x̂₀ and ε from the model output: v-prediction (x̂₀ = αx − σv, ε = αv + σx) or ε-prediction (x̂₀ = (x − σε)/α). */
export function predictionTerms(
  vPrediction: boolean,
  alpha: number,
  sigma: number,
): Pick<StepPlan, 'x0Sample' | 'x0Model' | 'epsSample' | 'epsModel'> {
  return vPrediction
    ? { x0Sample: alpha, x0Model: f(-sigma), epsSample: sigma, epsModel: alpha }
    : { x0Sample: f(1 / alpha), x0Model: f(-sigma / alpha), epsSample: 0, epsModel: 1 };
}

/** The scheduler-step graph's `coefficients` input. */
export function stepCoefficients(plan: StepPlan, guidanceScale: number): Float32Array {
  const values: Record<(typeof STEP_COEFFICIENTS)[number], number> = { guidanceScale, ...plan };
  return Float32Array.from(STEP_COEFFICIENTS, (name) => values[name]);
}

/** The plan applied on the CPU (float32 at every operation, in the graph's order); for tests. */
export function applyStepPlan(
  plan: StepPlan,
  guided: Float32Array,
  sample: Float32Array,
  previousX0: Float32Array | undefined,
): { latents: Float32Array; x0: Float32Array } {
  const latents = new Float32Array(sample.length);
  const x0 = new Float32Array(sample.length);
  for (let i = 0; i < sample.length; i++) {
    const x = sample[i]!;
    const m = guided[i]!;
    const d = f(f(plan.x0Sample * x) + f(plan.x0Model * m));
    const e = f(f(plan.epsSample * x) + f(plan.epsModel * m));
    const p = previousX0?.[i] ?? 0;
    latents[i] = f(f(f(plan.sample * x) + f(plan.x0 * d)) + f(f(plan.eps * e) + f(plan.previousX0 * p)));
    x0[i] = d;
  }
  return { latents, x0 };
}
