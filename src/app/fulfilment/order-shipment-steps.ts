import { orderDecider, orderStream } from '../../domain/order';
import type { CommandHandler } from '../command-handler';
import type { OrderShipmentSteps } from './order-follows-shipment';

const ACTOR = 'system:fulfilment';

/**
 * The order-stream side of "the order follows its shipment": RecordShipped / RecordDelivered,
 * both idempotent in the order decider. If the order has not recorded its shipment yet (checkout
 * stopped between creating the shipment and recording it, and the warehouse was quick), it is
 * recorded first, so the order is never left behind its shipment.
 */
export function orderShipmentSteps(commands: CommandHandler): OrderShipmentSteps {
  async function ensureRecorded(orderId: string, shipmentId: string): Promise<void> {
    const order = await commands.load(orderDecider, orderStream(orderId));
    if (order.state.shipmentId) return;
    await commands.handle(orderDecider, orderStream(orderId), { type: 'RecordShipmentRequested', shipmentId }, { actor: ACTOR });
  }

  return {
    async shipped(orderId, { shipmentId, carrier, trackingNumber }) {
      await ensureRecorded(orderId, shipmentId);
      await commands.handle(
        orderDecider,
        orderStream(orderId),
        { type: 'RecordShipped', shipmentId, carrier, trackingNumber },
        { actor: ACTOR },
      );
    },
    async delivered(orderId, { shipmentId }) {
      await ensureRecorded(orderId, shipmentId);
      await commands.handle(orderDecider, orderStream(orderId), { type: 'RecordDelivered', shipmentId }, { actor: ACTOR });
    },
  };
}
