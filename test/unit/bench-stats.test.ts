import { describe, expect, it } from 'vitest';
import { startHostSpeedProbe, summarize, type HostSpeed } from '../../bench/host-speed';
import { machineTicks, percentiles, stolenPercent } from '../../bench/stats';

describe('bench statistics', () => {
  it('takes percentiles by rank over the sorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(samples)).toEqual({ p50: 51, p95: 96, p99: 100, max: 100, n: 100 });
  });

  it('gives the share of CPU time stolen between two readings, in percent', () => {
    expect(stolenPercent({ total: 1_000, steal: 10 }, { total: 3_000, steal: 260 })).toBe(12.5);
    expect(stolenPercent({ total: 1_000, steal: 10 }, { total: 2_000, steal: 10 })).toBe(0);
  });

  it('has no figure without two readings that differ', () => {
    expect(stolenPercent(undefined, { total: 10, steal: 1 })).toBeNull();
    expect(stolenPercent({ total: 10, steal: 1 }, { total: 10, steal: 1 })).toBeNull();
  });

  it('reads the machine counters from /proc/stat (none where there is no such file)', () => {
    const ticks = machineTicks();
    if (process.platform !== 'linux') return expect(ticks).toBeUndefined();
    expect(ticks).toBeDefined();
    expect(ticks!.total).toBeGreaterThan(0);
    expect(ticks!.steal).toBeGreaterThanOrEqual(0);
    expect(ticks!.steal).toBeLessThanOrEqual(ticks!.total);
  });

  it('sums up host-speed samples as their median, fastest and slowest', () => {
    expect(summarize([3, 1.234, 2, 9], 2)).toEqual({ medianMs: 3, minMs: 1.23, maxMs: 9, samples: 4, interrupted: 2 });
    expect(summarize([])).toBeNull();
  });

  it('samples the host speed from a thread of its own until stopped', async () => {
    if (process.platform !== 'linux') return expect(await startHostSpeedProbe(5).stop()).toBeNull();
    // A sample counts only if its thread was not switched out while it ran: on two cores busy with
    // the rest of the suite, a short probe can keep none, so a longer one is tried (up to ~12 s).
    let speed: HostSpeed | null = null;
    for (let ms = 400; ms <= 6_400 && speed === null; ms *= 2) {
      const probe = startHostSpeedProbe(5);
      await new Promise((resolve) => setTimeout(resolve, ms));
      speed = await probe.stop();
    }
    expect(speed).not.toBeNull();
    expect(speed!.samples).toBeGreaterThan(0);
    expect(speed!.minMs).toBeGreaterThan(0);
    expect(speed!.minMs).toBeLessThanOrEqual(speed!.medianMs);
    expect(speed!.medianMs).toBeLessThanOrEqual(speed!.maxMs);
  }, 30_000);
});
