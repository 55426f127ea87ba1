// Where a generation's time goes: wall time per stage, the part of it spent outside session.run (the runner's
// running total), and the share of model work outside the runtime (the engine issue's ≤ 2 % aim).
import type { EngineStage, GenerationTimings } from '../protocol/engine.ts';
import type { RunStats } from './sessions.ts';

export class StageClock {
  private readonly stages: Partial<Record<EngineStage, number>> = {};
  private readonly outside: Partial<Record<EngineStage | 'prepare', number>> = {};
  private readonly started = performance.now();
  private readonly runAtStart: number;
  private readonly callsAtStart: number;
  private stage: EngineStage | undefined;
  private stageStart = 0;
  private stageRun = 0;

  constructor(private readonly stats: RunStats) {
    this.runAtStart = stats.runMs;
    this.callsAtStart = stats.calls;
  }

  /** The checks and image decoding before the first stage. */
  prepared(): void {
    this.outside.prepare = performance.now() - this.started;
  }

  /** Closes the current stage (if any) and starts `next`; entering the current stage again is a no-op. */
  enter(next: EngineStage): void {
    if (next !== this.stage) this.close(next);
  }

  finish(): GenerationTimings {
    this.close(undefined);
    const totalMs = performance.now() - this.started;
    const runMs = this.stats.runMs - this.runAtStart;
    const modelMs = totalMs - (this.stages['encode-video'] ?? 0);
    return {
      stages: this.stages,
      outsideRunByStage: this.outside,
      totalMs,
      runMs,
      runCalls: this.stats.calls - this.callsAtStart,
      outsideRunShare: modelMs > 0 ? Math.max(0, 1 - runMs / modelMs) : 0,
    };
  }

  private close(next: EngineStage | undefined): void {
    const now = performance.now();
    if (this.stage) {
      this.stages[this.stage] = (this.stages[this.stage] ?? 0) + now - this.stageStart;
      this.outside[this.stage] = (this.outside[this.stage] ?? 0) + now - this.stageStart - (this.stats.runMs - this.stageRun);
    }
    this.stage = next;
    this.stageStart = now;
    this.stageRun = this.stats.runMs;
  }
}
