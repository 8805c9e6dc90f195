import { entitlementDecider, entitlementStream } from '../../domain/entitlement';
import { isDomainError } from '../../domain/errors';
import { inventoryDecider, inventoryStream } from '../../domain/inventory';
import { orderDecider, orderStream, type OrderCommand, type OrderState } from '../../domain/order';
import type { Payments } from '../../ports/payments';
import type { CommandHandler } from '../command-handler';
import { paymentKey } from './order-id';

/**
 * The idempotent steps that undo a checkout, shared by the workflow's compensation, cancelOrder
 * and refundOrder. Each may run any number of times: the inventory, entitlement and payment
 * decisions are keyed by the order id.
 */

export const NO_PAYMENT = 'no-payment';

export async function loadOrder(commands: CommandHandler, orderId: string): Promise<OrderState> {
  return (await commands.load(orderDecider, orderStream(orderId))).state;
}

export function recordOnOrder(commands: CommandHandler, orderId: string, command: OrderCommand, actor: string) {
  return commands.handle(orderDecider, orderStream(orderId), command, { actor });
}

/** Releases what is still reserved for the order (lines already committed are left alone). */
/** Gives the order's reserved stock back; resolves with the log position of the last release (0: none). */
export async function releaseStock(commands: CommandHandler, order: OrderState, reason: string, actor: string): Promise<number> {
  let position = 0;
  for (const line of order.lines) {
    const outcome = await commands.handle(inventoryDecider, inventoryStream(line.sku), { type: 'ReleaseStock', orderId: order.orderId, reason }, { actor });
    position = Math.max(position, outcome.position);
  }
  return position;
}

/**
 * Gives the money back: voids an authorization, or refunds a captured payment. The payment is
 * the one the order recorded or, if a task stopped before recording it, the gateway's own.
 */
export async function returnPayment(commands: CommandHandler, payments: Payments, order: OrderState, actor: string): Promise<void> {
  let paymentId = order.paymentId;
  if (!paymentId) {
    const found = await payments.find(order.orderId);
    if (found && (found.status === 'authorized' || found.status === 'captured')) paymentId = found.paymentId;
  }
  if (!paymentId || paymentId === NO_PAYMENT) return;
  try {
    await payments.cancel({ paymentId, idempotencyKey: paymentKey(order.orderId, 'void') });
    if (order.paymentId) await recordOnOrder(commands, order.orderId, { type: 'RecordPaymentVoided' }, actor);
    return;
  } catch (error) {
    // Captured already: only a refund gives the money back.
    if (!isDomainError(error) || error.errorType !== 'Conflict') throw error;
  }
  const refund = await refundOnce(payments, order.orderId, paymentId);
  if (refund && order.confirmed)
    await recordOnOrder(commands, order.orderId, { type: 'RecordRefund', refundId: refund.refundId, amount: refund.amount }, actor);
}

/** Refunds what is left of a captured payment, once per order (the key makes a repeat return the first refund). */
export async function refundOnce(payments: Payments, orderId: string, paymentId: string) {
  try {
    return await payments.refund({ paymentId, idempotencyKey: paymentKey(orderId, 'refund') });
  } catch (error) {
    // Refunded in full already (by the gateway's dashboard, say): nothing is left to give back.
    if (isDomainError(error) && error.errorType === 'Conflict' && /refunded/i.test(error.message)) return undefined;
    throw error;
  }
}

/** Takes back the videos the order granted; resolves with the log position of the revocation (0: none). */
export async function revokeEntitlements(commands: CommandHandler, order: OrderState, reason: string, actor: string): Promise<number> {
  if (!order.lines.some((l) => l.kind === 'DIGITAL')) return 0;
  const outcome = await commands.handle(
    entitlementDecider,
    entitlementStream(order.customerId),
    { type: 'RevokeEntitlements', orderId: order.orderId, reason },
    { actor },
  );
  return outcome.position;
}
