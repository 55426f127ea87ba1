// Download progress (pure): the event, a smoothed transfer rate, the ETA, and throttling so a fast download does
// not flood the UI. Progress is always closed with done = total.

export interface DownloadProgress {
  readonly stage: 'download';
  /** Bytes stored and verified, plus the bytes of the chunk in flight. */
  readonly done: number;
  readonly total: number;
  readonly unit: 'bytes';
  /** Smoothed transfer rate in bytes/s; undefined until there is a measurement. */
  readonly bytesPerSecond: number | undefined;
  /** Seconds left at that rate; undefined without a rate; 0 when done. */
  readonly etaSeconds: number | undefined;
}

/**
 * Transfer rate smoothed exponentially over time (time constant `tauMs`), from a monotonic count of bytes received
 * (bytes later thrown away, e.g. a corrupt chunk, were still transferred). Samples closer than `minIntervalMs`
 * accumulate into the next one, so bursts of small reads do not swing the rate.
 */
export class RateMeter {
  private rate: number | undefined;
  private lastAt: number | undefined;
  private lastBytes = 0;

  constructor(
    private readonly tauMs = 3000,
    private readonly minIntervalMs = 200,
  ) {}

  sample(now: number, received: number): number | undefined {
    if (this.lastAt === undefined) {
      this.lastAt = now;
      this.lastBytes = received;
      return undefined;
    }
    const dt = now - this.lastAt;
    if (dt < this.minIntervalMs) return this.rate;
    const instant = ((received - this.lastBytes) * 1000) / dt;
    const alpha = 1 - Math.exp(-dt / this.tauMs);
    this.rate = this.rate === undefined ? instant : this.rate + alpha * (instant - this.rate);
    this.lastAt = now;
    this.lastBytes = received;
    return this.rate;
  }

  get bytesPerSecond(): number | undefined {
    return this.rate;
  }
}

export function etaSeconds(remaining: number, bytesPerSecond: number | undefined): number | undefined {
  if (remaining <= 0) return 0;
  return bytesPerSecond === undefined || bytesPerSecond <= 0 ? undefined : remaining / bytesPerSecond;
}

/** Emits at most once per `intervalMs`, except the closing event (done = total), which always goes out, once. */
export class ProgressReporter {
  private lastEmit = -Infinity;
  private closed = false;
  private readonly meter = new RateMeter();

  constructor(
    private readonly total: number,
    private readonly emit: (p: DownloadProgress) => void,
    private readonly intervalMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(done: number, received: number): void {
    const t = this.now();
    const rate = this.meter.sample(t, received);
    if (done < this.total ? t - this.lastEmit < this.intervalMs : this.closed) return;
    this.lastEmit = t;
    this.closed = done >= this.total;
    this.emit({
      stage: 'download',
      done,
      total: this.total,
      unit: 'bytes',
      bytesPerSecond: rate,
      etaSeconds: etaSeconds(this.total - done, rate),
    });
  }
}
