// The scheduler config (scheduler_config.json) as data: parsed, validated against what our schedulers implement.
// I2VGen-XL pins DDIM with squaredcos_cap_v2 betas, zero-terminal-SNR rescaling, v-prediction, "leading" spacing.

export interface SchedulerConfig {
  readonly numTrainTimesteps: number;
  readonly betaSchedule: 'squaredcos_cap_v2';
  readonly rescaleBetasZeroSnr: boolean;
  readonly predictionType: 'v_prediction' | 'epsilon';
  readonly setAlphaToOne: boolean;
  readonly stepsOffset: number;
  readonly timestepSpacing: 'leading' | 'trailing' | 'linspace';
}

export class SchedulerConfigError extends Error {
  override readonly name = 'SchedulerConfigError';
}

export function parseSchedulerConfig(raw: unknown): SchedulerConfig {
  if (typeof raw !== 'object' || raw === null) throw new SchedulerConfigError('scheduler_config.json must be an object');
  const r = raw as Record<string, unknown>;
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = r[key] ?? fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw new SchedulerConfigError(`scheduler_config.json ${key} = ${JSON.stringify(v)} is not supported (supported: ${allowed.join(', ')})`);
    }
    return v as T;
  };
  const int = (key: string, fallback: number): number => {
    const v = r[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new SchedulerConfigError(`scheduler_config.json ${key} must be a non-negative integer, got ${JSON.stringify(v)}`);
    return v;
  };
  for (const key of ['thresholding', 'clip_sample'] as const) {
    if (r[key] === true) throw new SchedulerConfigError(`scheduler_config.json ${key} = true is not supported`);
  }
  if (r.trained_betas !== undefined && r.trained_betas !== null) throw new SchedulerConfigError('scheduler_config.json trained_betas is not supported');
  return {
    numTrainTimesteps: int('num_train_timesteps', 1000),
    betaSchedule: oneOf('beta_schedule', ['squaredcos_cap_v2'] as const, 'squaredcos_cap_v2'),
    rescaleBetasZeroSnr: r.rescale_betas_zero_snr === true,
    predictionType: oneOf('prediction_type', ['v_prediction', 'epsilon'] as const, 'epsilon'),
    setAlphaToOne: r.set_alpha_to_one !== false,
    stepsOffset: int('steps_offset', 0),
    timestepSpacing: oneOf('timestep_spacing', ['leading', 'trailing', 'linspace'] as const, 'leading'),
  };
}
