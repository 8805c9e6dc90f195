import type { FailureReason, OrderState } from '../../domain/order';
import { CHECKOUT_ACTOR as ACTOR, type CheckoutDeps } from './checkout-deps';
import { loadOrder, recordOnOrder, releaseStock, returnPayment } from './order-effects';
import { taskInput, type TaskResult } from './task-input';

/** Why checkout failed, from what the order recorded (the error name is only a fallback). */
function reasonFor(order: OrderState, error: string | undefined): FailureReason {
  if (order.reservationFailed || error === 'OutOfStock') return 'OUT_OF_STOCK';
  if (order.declined || error === 'PaymentDeclined') return 'PAYMENT_DECLINED';
  return 'CHECKOUT_ERROR';
}

/**
 * Compensate: a checkout that stopped before confirmation gives back what it took — the
 * reservations, the card hold (or the capture, refunded) — and the order becomes FAILED with
 * its reason, unless it was cancelled meanwhile (then it stays CANCELLED). A confirmed order is
 * never compensated: it is paid and its fan-out is retried instead.
 */
export function compensateOrder(deps: CheckoutDeps) {
  return async (input: unknown): Promise<TaskResult> => {
    const { orderId, error } = taskInput(input);
    const order = await loadOrder(deps.commands, orderId);
    if (!order.exists) return { orderId, outcome: 'skipped', status: 'UNKNOWN' };
    if (order.confirmed) return { orderId, outcome: 'skipped', status: order.status };
    await releaseStock(deps.commands, order, 'checkout did not complete', ACTOR);
    await returnPayment(deps.commands, deps.payments, order, ACTOR);
    if (order.status === 'PLACED') {
      const detail = (error?.Cause ?? error?.Error ?? 'checkout stopped').slice(0, 500);
      await recordOnOrder(deps.commands, orderId, { type: 'FailOrder', reason: reasonFor(order, error?.Error), detail }, ACTOR);
    }
    const after = await loadOrder(deps.commands, orderId);
    return { orderId, outcome: 'done', status: after.status };
  };
}
