import { entitlementDecider, entitlementStream } from '../../domain/entitlement';
import { conflict, isDomainError } from '../../domain/errors';
import { grantedVideoIds, hasPhysicalLines, isPaid, type OrderCommand, type OrderState } from '../../domain/order';
import { shipmentDecider, shipmentStream } from '../../domain/shipment';
import { CHECKOUT_ACTOR as ACTOR, type CheckoutDeps } from './checkout-deps';
import { confirmationMail } from './confirmation-mail';
import { loadOrder, recordOnOrder, revokeEntitlements } from './order-effects';
import { taskInput, type TaskResult } from './task-input';

const result = (order: OrderState, outcome: TaskResult['outcome']): TaskResult => ({ orderId: order.orderId, outcome });

async function paidOrder(deps: CheckoutDeps, input: unknown): Promise<OrderState> {
  const order = await loadOrder(deps.commands, taskInput(input).orderId);
  if (!order.confirmed) throw conflict(`order ${order.orderId} is not confirmed`);
  return order;
}

/**
 * Records a fan-out step on the order. If the order was cancelled or refunded meanwhile, the
 * recording is refused; `undo` then takes back what the step did.
 */
async function recordOrUndo(deps: CheckoutDeps, orderId: string, command: OrderCommand, undo: () => Promise<void>) {
  try {
    await recordOnOrder(deps.commands, orderId, command, ACTOR);
  } catch (error) {
    if (!isDomainError(error) || error.errorType !== 'Conflict') throw error;
    await undo();
  }
}

/** SendConfirmation: one email per order; the mailer dedupes by message id, the order records it. */
export function sendConfirmation(deps: CheckoutDeps) {
  return async (input: unknown): Promise<TaskResult> => {
    const order = await paidOrder(deps, input);
    if (order.confirmationSent || !isPaid(order)) return result(order, 'skipped');
    const { messageId } = await deps.mailer.send(confirmationMail(order));
    await recordOnOrder(deps.commands, order.orderId, { type: 'RecordConfirmationSent', messageId }, ACTOR);
    return result(order, 'done');
  };
}

/** GrantEntitlements: DIGITAL lines unlock their videos on the customer's entitlement stream. */
export function grantEntitlements(deps: CheckoutDeps) {
  return async (input: unknown): Promise<TaskResult> => {
    const order = await paidOrder(deps, input);
    if (order.entitlementsGranted || !isPaid(order) || !order.lines.some((l) => l.kind === 'DIGITAL'))
      return result(order, 'skipped');
    const videoIds = grantedVideoIds(order);
    await deps.commands.handle(
      entitlementDecider,
      entitlementStream(order.customerId),
      { type: 'GrantEntitlements', orderId: order.orderId, videoIds },
      { actor: ACTOR },
    );
    await recordOrUndo(deps, order.orderId, { type: 'RecordEntitlementsGranted', videoIds }, async () => {
      const now = await loadOrder(deps.commands, order.orderId);
      if (!isPaid(now)) await revokeEntitlements(deps.commands, now, `order ${now.status.toLowerCase()}`, ACTOR);
    });
    return result(order, 'done');
  };
}

/**
 * CreateShipment: the physical lines become a shipping instruction (`shipment-<shp-orderId>`), then
 * the order records it and moves to FULFILLING. A shipment created for an order cancelled
 * meanwhile is cancelled again (fulfilment's shipment-follows-order reactor is the second net).
 */
export function createShipment(deps: CheckoutDeps) {
  return async (input: unknown): Promise<TaskResult> => {
    const order = await paidOrder(deps, input);
    if (order.shipmentId || !isPaid(order) || !hasPhysicalLines(order) || !order.shippingAddress)
      return result(order, 'skipped');
    const shipmentId = deps.shipmentIdForOrder(order.orderId);
    await deps.commands.handle(
      shipmentDecider,
      shipmentStream(shipmentId),
      {
        type: 'CreateShipment',
        shipmentId,
        orderId: order.orderId,
        customerId: order.customerId,
        address: order.shippingAddress,
        lines: order.lines.filter((l) => l.kind === 'PHYSICAL').map(({ sku, title, quantity }) => ({ sku, title, quantity })),
      },
      { actor: ACTOR },
    );
    await recordOrUndo(deps, order.orderId, { type: 'RecordShipmentRequested', shipmentId }, async () => {
      await deps.commands.handle(shipmentDecider, shipmentStream(shipmentId), { type: 'CancelShipment', reason: 'the order was cancelled' }, { actor: ACTOR });
    });
    return result(order, 'done');
  };
}
