import { isDomainError } from '../../domain/errors';
import { inventoryDecider, inventoryStream } from '../../domain/inventory';
import { shipmentDecider, shipmentStream, type ShipmentEvent } from '../../domain/shipment';
import type { StoredEvent } from '../../ports/event-store';
import type { CommandHandler } from '../command-handler';
import type { Reactor } from './checkpointed-reactor';

/** What the order side must do when its shipment moves; both must be idempotent. */
export interface OrderShipmentSteps {
  shipped(orderId: string, shipment: { shipmentId: string; carrier: string; trackingNumber: string }): Promise<void>;
  delivered(orderId: string, shipment: { shipmentId: string }): Promise<void>;
}

export interface OrderFollowsShipmentDeps {
  readonly commands: CommandHandler;
  /** The order-stream steps (orderShipmentSteps in production). */
  readonly order: OrderShipmentSteps;
  /** Where refused steps are reported (a refusal is final: retrying the batch would not help). */
  readonly warn?: (message: string) => void;
}

const ACTOR = 'system:fulfilment';

/**
 * Makes the order follow its shipment: SHIPPED turns each line's reservation into a stock
 * deduction (CommitStock) and moves the order to SHIPPED with carrier and tracking number;
 * DELIVERED moves the order to DELIVERED. Every step is idempotent, so a re-delivered batch
 * (after a crash) commits nothing twice.
 */
export function orderFollowsShipment(deps: OrderFollowsShipmentDeps): Reactor {
  const warn = deps.warn ?? ((message: string) => console.warn(message));

  async function commitStock(shipmentId: string, orderId: string): Promise<void> {
    const shipment = await deps.commands.load(shipmentDecider, shipmentStream(shipmentId));
    const skus = new Set(shipment.state.lines.map((line) => line.sku));
    for (const sku of skus)
      await deps.commands.handle(inventoryDecider, inventoryStream(sku), { type: 'CommitStock', orderId }, { actor: ACTOR });
  }

  async function follow(event: ShipmentEvent): Promise<void> {
    switch (event.type) {
      case 'ShipmentShipped': {
        const { shipmentId, orderId, carrier, trackingNumber } = event.data;
        await commitStock(shipmentId, orderId);
        await deps.order.shipped(orderId, { shipmentId, carrier, trackingNumber });
        return;
      }
      case 'ShipmentDelivered': {
        const { shipmentId, orderId } = event.data;
        // Catch the order up first if it missed SHIPPED (a refused step earlier); a no-op otherwise.
        const { carrier, trackingNumber } = (await deps.commands.load(shipmentDecider, shipmentStream(shipmentId))).state;
        if (carrier && trackingNumber) await deps.order.shipped(orderId, { shipmentId, carrier, trackingNumber });
        await deps.order.delivered(orderId, { shipmentId });
        return;
      }
      default:
        return;
    }
  }

  return {
    name: 'order-follows-shipment',
    async react(batch: readonly StoredEvent[]) {
      for (const event of batch) {
        if (!event.streamId.startsWith('shipment-')) continue;
        try {
          await follow(event as unknown as ShipmentEvent);
        } catch (error) {
          if (!isDomainError(error)) throw error;
          warn(`${event.type} of ${event.streamId} could not be applied to its order: ${error.message}`);
        }
      }
    },
  };
}
