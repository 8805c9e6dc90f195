import type { Money } from '../../domain/money';
import type { CommandHandler } from '../command-handler';
import { loadOrder, recordOnOrder } from './order-effects';

/** What the payment gateway told us by webhook, reduced to what an order records. */
export type PaymentEvent =
  | { readonly kind: 'payment_failed'; readonly orderId: string; readonly code: string; readonly message: string }
  /** `refundedTotal` is everything refunded on the payment so far (the gateway's running total). */
  | { readonly kind: 'refunded'; readonly orderId: string; readonly refundId: string; readonly refundedTotal: Money };

const ACTOR = 'system:payments-webhook';

/**
 * Records a gateway notification on its order, idempotently: a redelivered event, or one that
 * reports what checkout already recorded (its own refund, its own decline), changes nothing.
 * Returns whether anything was recorded.
 */
export async function recordPaymentEvent(commands: CommandHandler, event: PaymentEvent): Promise<boolean> {
  const order = await loadOrder(commands, event.orderId);
  if (!order.exists) return false;
  if (event.kind === 'payment_failed') {
    if (order.declined || order.status !== 'PLACED' || order.paymentId) return false;
    const outcome = await recordOnOrder(commands, event.orderId, { type: 'RecordPaymentDeclined', code: event.code, message: event.message }, ACTOR);
    return outcome.events.length > 0;
  }
  if (!order.confirmed || order.refundIds.includes(event.refundId)) return false;
  const missing = event.refundedTotal.amount - order.refunded;
  if (missing <= 0) return false;
  const outcome = await recordOnOrder(
    commands,
    event.orderId,
    { type: 'RecordRefund', refundId: event.refundId, amount: { amount: missing, currency: event.refundedTotal.currency } },
    ACTOR,
  );
  return outcome.events.length > 0;
}
