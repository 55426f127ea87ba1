// Progress math: the smoothed rate follows the transfer, the ETA is what is left at that rate, and the reporter
// throttles events but always sends the closing one.
import { describe, expect, it } from 'vitest';
import { type DownloadProgress, etaSeconds, ProgressReporter, RateMeter } from './progress.ts';

describe('RateMeter', () => {
  it('has no rate before two samples, then measures a steady transfer exactly', () => {
    const m = new RateMeter(3000, 200);
    expect(m.sample(0, 0)).toBeUndefined();
    for (let t = 500; t <= 5000; t += 500) m.sample(t, t * 2000); // 2 MB/s
    expect(m.bytesPerSecond).toBeCloseTo(2e6, 6);
  });

  it('moves toward a new rate with the time constant', () => {
    const m = new RateMeter(1000, 0);
    m.sample(0, 0);
    m.sample(1000, 1e6); // 1 MB/s
    m.sample(2000, 1e6 + 3e6); // 3 MB/s for one time constant
    expect(m.bytesPerSecond).toBeCloseTo(1e6 + (1 - Math.exp(-1)) * 2e6, 0);
  });

  it('lets samples closer than minIntervalMs accumulate into the next', () => {
    const m = new RateMeter(3000, 200);
    m.sample(0, 0);
    expect(m.sample(50, 1e6)).toBeUndefined();
    expect(m.sample(400, 2e6)).toBeCloseTo(5e6, 6);
  });
});

describe('etaSeconds', () => {
  it('is what is left at the rate; 0 when done; unknown without a rate', () => {
    expect(etaSeconds(10e6, 2e6)).toBe(5);
    expect(etaSeconds(0, undefined)).toBe(0);
    expect(etaSeconds(5, undefined)).toBeUndefined();
    expect(etaSeconds(5, 0)).toBeUndefined();
  });
});

describe('ProgressReporter', () => {
  it('emits at most once per interval and closes once with done = total', () => {
    const events: DownloadProgress[] = [];
    let now = 0;
    const r = new ProgressReporter(1000, (p) => events.push(p), 250, () => now);
    for (let done = 0; done < 1000; done += 10) {
      r.update(done, done);
      now += 20;
    }
    r.update(1000, 1000);
    r.update(1000, 1000);
    expect(events.filter((e) => e.done === 1000)).toHaveLength(1);
    expect(events.length).toBeLessThanOrEqual(Math.ceil(2000 / 250) + 2);
    expect(events[0]).toMatchObject({ stage: 'download', done: 0, total: 1000, unit: 'bytes' });
    expect(events.at(-1)).toMatchObject({ done: 1000, total: 1000, etaSeconds: 0 });
    // 10 bytes per 20 ms = 500 bytes/s, so the ETA of the event at done = 500 is about one second.
    const mid = events.find((e) => e.done >= 500)!;
    expect(mid.bytesPerSecond).toBeCloseTo(500, 0);
    expect(mid.etaSeconds).toBeCloseTo((1000 - mid.done) / 500, 1);
  });
});
