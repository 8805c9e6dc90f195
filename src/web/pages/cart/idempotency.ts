const KEY = 'marquee.checkoutAttempt';

/**
 * One idempotency key per checkout attempt: the same order contents reuse the pending key
 * (a retry after a timeout cannot create a second order); changed contents or a success start fresh.
 */
export function idempotencyKeyFor(fingerprint: string): string {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { key: string; fingerprint: string } | null;
    if (saved && saved.fingerprint === fingerprint) return saved.key;
  } catch {
    /* a corrupt entry is replaced below */
  }
  const key = crypto.randomUUID();
  sessionStorage.setItem(KEY, JSON.stringify({ key, fingerprint }));
  return key;
}

export const forgetAttempt = () => sessionStorage.removeItem(KEY);
