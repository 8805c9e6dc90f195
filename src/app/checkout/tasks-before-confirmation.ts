import { DomainError, conflict, isDomainError, notFound } from '../../domain/errors';
import { inventoryDecider, inventoryStream } from '../../domain/inventory';
import type { OrderState } from '../../domain/order';
import { CHECKOUT_ACTOR as ACTOR, type CheckoutDeps } from './checkout-deps';
import { loadOrder, NO_PAYMENT, recordOnOrder } from './order-effects';
import { paymentKey } from './order-id';
import { taskInput, type TaskResult } from './task-input';

const done = (order: OrderState, outcome: TaskResult['outcome']): TaskResult => ({ orderId: order.orderId, outcome });

function stillPlacing(order: OrderState): void {
  if (!order.exists) throw notFound(`order ${order.orderId || '(unknown)'} does not exist`);
  if (order.status !== 'PLACED') throw conflict(`order ${order.orderId} is ${order.status}: checkout stops here`);
}

/** ReserveStock: one reservation per line on the sku's inventory stream (the no-oversell decision). */
export function reserveStock(deps: CheckoutDeps) {
  return async (input: unknown): Promise<TaskResult> => {
    const { orderId } = taskInput(input);
    const order = await loadOrder(deps.commands, orderId);
    if (order.reserved) return done(order, 'skipped');
    if (order.reservationFailed) throw new DomainError('OutOfStock', `order ${orderId}: not enough stock`);
    stillPlacing(order);
    for (const line of order.lines) {
      try {
        await deps.commands.handle(
          inventoryDecider,
          inventoryStream(line.sku),
          { type: 'ReserveStock', orderId, quantity: line.quantity },
          { actor: ACTOR },
        );
      } catch (error) {
        if (isDomainError(error) && error.errorType === 'OutOfStock') {
          const available = Number(error.details?.available ?? 0);
          await recordOnOrder(deps.commands, orderId, { type: 'RecordReservationFailed', sku: line.sku, requested: line.quantity, available }, ACTOR);
          throw new DomainError('OutOfStock', `${line.title} (${line.sku}): only ${Math.max(0, available)} left`, error.details);
        }
        throw error;
      }
    }
    await recordOnOrder(deps.commands, orderId, { type: 'RecordStockReserved' }, ACTOR);
    return done(order, 'done');
  };
}

/** AuthorizePayment: a hold on the card for the order's total, keyed by the order so a rerun charges once. */
export function authorizePayment(deps: CheckoutDeps) {
  return async (input: unknown): Promise<TaskResult> => {
    const { orderId } = taskInput(input);
    const order = await loadOrder(deps.commands, orderId);
    if (order.paymentId) return done(order, 'skipped');
    if (order.declined) throw new DomainError('PaymentDeclined', `order ${orderId}: the card was declined`);
    stillPlacing(order);
    if (order.total.amount === 0) {
      await recordOnOrder(deps.commands, orderId, { type: 'RecordPaymentAuthorized', paymentId: NO_PAYMENT }, ACTOR);
      return done(order, 'done');
    }
    const result = await deps.payments.authorize({
      orderId,
      customerId: order.customerId,
      amount: order.total,
      paymentMethodId: order.paymentMethodId,
      idempotencyKey: paymentKey(orderId, 'authorize'),
    });
    if (result.outcome === 'declined') {
      await recordOnOrder(deps.commands, orderId, { type: 'RecordPaymentDeclined', code: result.code, message: result.message }, ACTOR);
      throw new DomainError('PaymentDeclined', result.message, { code: result.code });
    }
    await recordOnOrder(deps.commands, orderId, { type: 'RecordPaymentAuthorized', paymentId: result.paymentId }, ACTOR);
    return done(order, 'done');
  };
}

/**
 * ConfirmOrder: captures the payment, turns DIGITAL lines' reservations into sales (physical
 * stock is committed when the parcel ships) and records CONFIRMED — where the shopper's wait ends.
 */
export function confirmOrder(deps: CheckoutDeps) {
  return async (input: unknown): Promise<TaskResult> => {
    const { orderId } = taskInput(input);
    const order = await loadOrder(deps.commands, orderId);
    if (order.confirmed) return done(order, 'skipped');
    stillPlacing(order);
    if (!order.paymentId || !order.reserved) throw conflict(`order ${orderId} is not reserved and authorized yet`);
    let captured = 0;
    if (order.paymentId !== NO_PAYMENT) {
      const payment = await deps.payments.capture({ paymentId: order.paymentId, idempotencyKey: paymentKey(orderId, 'capture') });
      captured = payment.amountCaptured;
    }
    for (const line of order.lines.filter((l) => l.kind === 'DIGITAL'))
      await deps.commands.handle(inventoryDecider, inventoryStream(line.sku), { type: 'CommitStock', orderId }, { actor: ACTOR });
    await recordOnOrder(deps.commands, orderId, { type: 'ConfirmOrder', amountCaptured: captured }, ACTOR);
    return done(order, 'done');
  };
}
