// The noise schedule (diffusers schedulers/scheduling_ddim.py: betas_for_alpha_bar "cosine",
// rescale_zero_terminal_snr, alphas_cumprod), rounded to float32 wherever torch rounds (its CPU cumprod accumulates
// in double), so betas and alphas_cumprod equal the reference bit for bit.
import type { SchedulerConfig } from './config.ts';

const f = Math.fround;

/** squaredcos_cap_v2: β_i = min(1 − ᾱ((i+1)/N) / ᾱ(i/N), 0.999), ᾱ(t) = cos((t + 0.008)/1.008 · π/2)² (float64, then float32). */
function cosineBetas(n: number): Float32Array {
  const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
  return Float32Array.from({ length: n }, (_, i) => Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999));
}

/** torch.cumprod on CPU accumulates float32 inputs in double (at::acc_type) and rounds each output. */
function cumprod(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  let acc = 1;
  for (let i = 0; i < values.length; i++) out[i] = acc *= values[i]!;
  return out;
}

/** Rescales betas to zero terminal SNR (Lin et al. 2023, Algorithm 1) in float32. */
function rescaleZeroTerminalSnr(betas: Float32Array): Float32Array {
  const alphas = betas.map((b) => f(1 - b));
  const sqrtBar = cumprod(alphas).map((a) => f(Math.sqrt(a)));
  const first = sqrtBar[0]!;
  const last = sqrtBar[sqrtBar.length - 1]!;
  const factor = f(first / f(first - last));
  const bar = sqrtBar.map((s) => {
    const shifted = f(f(s - last) * factor);
    return f(shifted * shifted);
  });
  const rescaled = new Float32Array(bar.length);
  rescaled[0] = bar[0]!;
  for (let i = 1; i < bar.length; i++) rescaled[i] = f(bar[i]! / bar[i - 1]!);
  return rescaled.map((a) => f(1 - a));
}

export interface NoiseSchedule {
  readonly betas: Float32Array;
  readonly alphasCumprod: Float32Array;
  /** ᾱ used for the step after t = 0: 1 with set_alpha_to_one, else ᾱ_0. */
  readonly finalAlphaCumprod: number;
}

export function noiseSchedule(c: SchedulerConfig): NoiseSchedule {
  let betas = cosineBetas(c.numTrainTimesteps);
  if (c.rescaleBetasZeroSnr) betas = rescaleZeroTerminalSnr(betas);
  const alphasCumprod = cumprod(betas.map((b) => f(1 - b)));
  return { betas, alphasCumprod, finalAlphaCumprod: c.setAlphaToOne ? 1 : alphasCumprod[0]! };
}
