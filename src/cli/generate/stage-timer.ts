// Wall time per pipeline stage from runI2VGenXL's progress events: the time up to each event counts to that event's
// stage (the pipeline reports stages in order, each closed with done = total).
import type { PipelineStage } from '../../pipeline/i2vgen-xl.ts';

export type StageTimings = Partial<Record<PipelineStage, number>>;

export class StageTimer {
  private last = performance.now();
  private readonly ms: StageTimings = {};

  /** Feed every progress event. */
  event(stage: PipelineStage): void {
    const now = performance.now();
    this.ms[stage] = (this.ms[stage] ?? 0) + (now - this.last);
    this.last = now;
  }

  /** Milliseconds per stage, rounded to 0.1 ms. */
  timings(): StageTimings {
    const out: StageTimings = {};
    for (const [stage, ms] of Object.entries(this.ms) as [PipelineStage, number][]) out[stage] = Math.round(ms * 10) / 10;
    return out;
  }
}
