import { describe, expect, it } from 'vitest';
import { hasAttemptsLeft, retryDelayMs } from '../../src/app/fulfilment/retry-backoff';

const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000 };

describe('retry backoff', () => {
  it('doubles per failure, between half and all of the ceiling', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never exceeds the maximum delay, even after very many failures', () => {
    expect(retryDelayMs(5, policy, () => 1)).toBe(10_000);
    expect(retryDelayMs(10_000, policy, () => 1)).toBe(10_000);
  });

  it('spreads retries with jitter', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d >= 2000 && d <= 4000).toBe(true);
  });

  it('counts attempts against the budget', () => {
    expect(hasAttemptsLeft(4, policy)).toBe(true);
    expect(hasAttemptsLeft(5, policy)).toBe(false);
  });
});
