/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * min(maxDelay, baseDelay * 2^(n-1)), so retries spread out instead of arriving in waves.
 */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 2_000,
  maxDelayMs: 15 * 60_000,
};

/** Delay before the next attempt after `failedAttempts` failures (1 = the first attempt failed). */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 52));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}

export const hasAttemptsLeft = (attemptsMade: number, policy: RetryPolicy) => attemptsMade < policy.maxAttempts;
