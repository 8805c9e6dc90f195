import type { Payments } from '../../ports/payments';

/**
 * A test knob (MARQUEE_TEST_PAYMENT_DELAY_MS): every gateway answer arrives `ms` late, after the
 * gateway has acted. A crash test kills the process in that window — charged, not yet recorded —
 * which is the hardest moment for "exactly one charge".
 */
export function delayedPayments(payments: Payments, ms: number): Payments {
  const late = async <T>(result: Promise<T>): Promise<T> => {
    const value = await result;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return value;
  };
  return {
    authorize: (r) => late(payments.authorize(r)),
    capture: (r) => late(payments.capture(r)),
    cancel: (r) => late(payments.cancel(r)),
    refund: (r) => late(payments.refund(r)),
    find: (orderId) => payments.find(orderId),
  };
}
