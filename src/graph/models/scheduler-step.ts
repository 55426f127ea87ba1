// The denoising loop's per-step arithmetic as a weightless ONNX graph: classifier-free guidance, then one DDIM or
// DPM-Solver++ update in the linear form both take (pipeline/schedulers/plan.ts), so latents never leave the GPU
// between UNet calls. Coefficients are data, computed by the scheduler on the CPU for each step.
import { GraphBuilder, type Value } from '../builder.ts';
import { emitModel } from '../onnx/emit.ts';
import { DEFAULT_POLICY } from '../quant/policy.ts';

export const SCHEDULER_STEP_GRAPH = 'scheduler_step';

const video = ['channels', 'frames', 'height', 'width'];

/** Order of the `coefficients` input (float32[9]); see StepPlan for what each one multiplies. */
export const STEP_COEFFICIENTS = ['guidanceScale', 'x0Sample', 'x0Model', 'epsSample', 'epsModel', 'sample', 'x0', 'eps', 'previousX0'] as const;

/**
 * Inputs: noise_pred [2, C, F, h, w] (the UNet's CFG batch [uncond, text]), sample [1, C, F, h, w],
 * previous_x0 [1, C, F, h, w] (the last step's x̂₀; any values when its coefficient is 0), coefficients [9].
 * Outputs: latents (x_{t−1}), sample_pair (latents twice along the batch: the next UNet input), x0 (x̂₀ of this step).
 */
export function buildSchedulerStep(): GraphBuilder {
  const g = new GraphBuilder({ name: SCHEDULER_STEP_GRAPH, precision: 'fp32', policy: DEFAULT_POLICY, component: SCHEDULER_STEP_GRAPH });
  const noisePred = g.input('noise_pred', 'float32', [2, ...video]);
  const x = g.input('sample', 'float32', [1, ...video]);
  const previousX0 = g.input('previous_x0', 'float32', [1, ...video]);
  const coefficients = g.input('coefficients', 'float32', [STEP_COEFFICIENTS.length]);
  const parts = g.node('Split', [coefficients], 'coefficients/Split', {
    attrs: { axis: 0, num_outputs: STEP_COEFFICIENTS.length },
    outputs: STEP_COEFFICIENTS.length,
  });
  const k = Object.fromEntries(STEP_COEFFICIENTS.map((name, i) => [name, parts[i]!])) as Coefficients;
  return finish(g, noisePred, x, previousX0, k);
}

type Coefficients = Record<(typeof STEP_COEFFICIENTS)[number], Value>;

function finish(g: GraphBuilder, noisePred: Value, x: Value, previousX0: Value, k: Coefficients): GraphBuilder {
  const mul = (a: Value, b: Value, name: string) => g.op('Mul', [a, b], name);
  const add = (a: Value, b: Value, name: string) => g.op('Add', [a, b], name);
  const [uncond, text] = g.node('Split', [noisePred], 'guidance/Split', { attrs: { axis: 0, num_outputs: 2 }, outputs: 2 });
  const guided = add(uncond!, mul(k.guidanceScale, g.op('Sub', [text!, uncond!], 'guidance/Sub'), 'guidance/Mul'), 'guidance/Add');
  const x0 = add(mul(k.x0Sample, x, 'x0/sample'), mul(k.x0Model, guided, 'x0/model'), 'x0/Add');
  const eps = add(mul(k.epsSample, x, 'eps/sample'), mul(k.epsModel, guided, 'eps/model'), 'eps/Add');
  const update = add(
    add(mul(k.sample, x, 'update/sample'), mul(k.x0, x0, 'update/x0'), 'update/Add'),
    add(mul(k.eps, eps, 'update/eps'), mul(k.previousX0, previousX0, 'update/previous_x0'), 'update/Add2'),
    'update/sum',
  );
  const pair = g.op('Concat', [update, update], 'sample_pair/Concat', { axis: 0 });
  g.output('latents', update, [1, ...video]);
  g.output('sample_pair', pair, [2, ...video]);
  g.output('x0', x0, [1, ...video]);
  return g;
}

/** The scheduler-step graph as ONNX bytes (a few kB; built where it runs, never stored in a bundle). */
export function schedulerStepModel(): Promise<Uint8Array> {
  return emitModel(buildSchedulerStep());
}
