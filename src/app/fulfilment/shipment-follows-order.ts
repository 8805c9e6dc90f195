import { isDomainError } from '../../domain/errors';
import { orderDecider, orderStream, ORDER_STREAM_PREFIX } from '../../domain/order';
import { canTransition, shipmentDecider, shipmentStream } from '../../domain/shipment';
import type { StoredEvent } from '../../ports/event-store';
import type { CommandHandler } from '../command-handler';
import type { Reactor } from './checkpointed-reactor';

export interface ShipmentFollowsOrderDeps {
  readonly commands: CommandHandler;
  readonly shipmentIdForOrder: (orderId: string) => string;
  readonly warn?: (message: string) => void;
}

const ACTOR = 'system:fulfilment';
const ENDED = new Set(['CANCELLED', 'REFUNDED']);

/**
 * The safety net behind cancelOrder: an order that ends (cancelled or refunded) before its
 * shipment has shipped must not be shipped, also when the shipment was created a moment after
 * the order was cancelled (checkout's CreateShipment racing cancelOrder). So: when an order
 * ends, cancel its shipment; when a shipment is instructed for an order that has already
 * ended, cancel it at once. The warehouse hears of it through the outbox like any cancellation.
 */
export function shipmentFollowsOrder(deps: ShipmentFollowsOrderDeps): Reactor {
  const warn = deps.warn ?? ((message: string) => console.warn(message));

  async function cancelIfUnshipped(shipmentId: string, reason: string): Promise<void> {
    const stream = shipmentStream(shipmentId);
    const shipment = await deps.commands.load(shipmentDecider, stream);
    const status = shipment.state.status;
    if (status === undefined || !canTransition(status, 'CANCELLED')) return;
    await deps.commands.handle(shipmentDecider, stream, { type: 'CancelShipment', reason }, { actor: ACTOR });
  }

  async function follow(event: StoredEvent): Promise<void> {
    if (event.streamId.startsWith(ORDER_STREAM_PREFIX)) {
      if (event.type !== 'OrderCancelled' && event.type !== 'OrderRefunded') return;
      const orderId = event.streamId.slice(ORDER_STREAM_PREFIX.length);
      const reason = event.type === 'OrderCancelled' ? 'the order was cancelled' : 'the order was refunded';
      await cancelIfUnshipped(deps.shipmentIdForOrder(orderId), reason);
    } else if (event.streamId.startsWith('shipment-') && event.type === 'ShipmentInstructed') {
      const { orderId, shipmentId } = event.data as { orderId: string; shipmentId: string };
      const order = await deps.commands.load(orderDecider, orderStream(orderId));
      if (ENDED.has(order.state.status)) await cancelIfUnshipped(shipmentId, `the order was ${order.state.status.toLowerCase()}`);
    }
  }

  return {
    name: 'shipment-follows-order',
    async react(batch) {
      for (const event of batch) {
        try {
          await follow(event);
        } catch (error) {
          if (!isDomainError(error)) throw error;
          warn(`${event.type} of ${event.streamId}: the shipment could not follow its order: ${error.message}`);
        }
      }
    },
  };
}
