// Import progress (pure): checkpoint weight bytes read so far over all weight bytes, with the component being
// converted; throttled, monotonic, and always closed with done = total.
import type { ComponentName } from '../../graph/components.ts';

export interface ImportProgress {
  readonly stage: 'import';
  /** The component being read and converted. */
  readonly component: ComponentName;
  readonly done: number;
  readonly total: number;
  readonly unit: 'bytes';
}

export class ImportReporter {
  private lastEmit = -Infinity;
  private done = 0;
  private closed = false;

  constructor(
    private readonly total: number,
    private readonly emit: (p: ImportProgress) => void,
    private readonly intervalMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `done` may be counted past total (a tensor read twice) or go back: events stay within [previous, total). */
  update(component: ComponentName, done: number): void {
    if (this.closed) return;
    this.done = Math.max(this.done, Math.min(done, this.total - 1));
    const t = this.now();
    if (t - this.lastEmit < this.intervalMs) return;
    this.lastEmit = t;
    this.emit({ stage: 'import', component, done: this.done, total: this.total, unit: 'bytes' });
  }

  /** The closing event (done = total), once. */
  finish(component: ComponentName): void {
    if (this.closed) return;
    this.closed = true;
    this.emit({ stage: 'import', component, done: this.total, total: this.total, unit: 'bytes' });
  }
}
