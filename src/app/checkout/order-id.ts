import { createHash } from 'node:crypto';

/**
 * The order id is derived from (customer, idempotency key): the same key from the same
 * customer always names the same order stream, so a repeated placeOrder finds its order
 * (OrderPlaced appends at expected version 0) without any key table.
 */
export function orderIdFor(customerId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${customerId}\u0000${idempotencyKey}`).digest('hex').slice(0, 24);
}

/** Payment idempotency keys, one per step, so a task run twice never charges twice. */
export const paymentKey = (orderId: string, step: 'authorize' | 'capture' | 'void' | 'refund') => `order-${orderId}-${step}`;

/** The execution of the checkout machine for an order is named by the order id. */
export const CHECKOUT_MACHINE = 'checkout';
