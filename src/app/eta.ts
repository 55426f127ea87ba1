// Time left in a run, from measured step times: while denoising, the mean time of the steps after the first (the
// first also compiles shaders) times the steps left; while decoding, the same per frame. Other stages have no
// estimate. Pure: the caller passes the clock.
import type { EngineStage } from '../protocol/engine.ts';

export class EtaClock {
  private stage: EngineStage | undefined;
  /** When the stage's first unit finished, and how many had then. */
  private first: { at: number; done: number } | undefined;

  /** Records a progress event at `now` (ms); returns the seconds left in this stage, when they can be told. */
  record(stage: EngineStage, done: number, total: number, now: number): number | undefined {
    if (stage !== this.stage) {
      this.stage = stage;
      this.first = undefined;
    }
    if (stage !== 'denoise' && stage !== 'decode') return undefined;
    if (done <= 0) return undefined;
    if (!this.first) {
      this.first = { at: now, done };
      return undefined;
    }
    const units = done - this.first.done;
    if (units <= 0) return undefined;
    return (((now - this.first.at) / units) * (total - done)) / 1000;
  }
}
