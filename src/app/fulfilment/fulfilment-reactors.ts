import type { OutboundWebhooks } from '../../ports/outbound-webhooks';
import type { CommandHandler } from '../command-handler';
import type { Reactor } from './checkpointed-reactor';
import { orderFollowsShipment } from './order-follows-shipment';
import { orderShipmentSteps } from './order-shipment-steps';
import { shipmentFollowsOrder } from './shipment-follows-order';
import { warehouseOutboxFeed } from './warehouse-outbox-feed';

export interface FulfilmentReactorDeps {
  readonly commands: CommandHandler;
  readonly shipmentIdForOrder: (orderId: string) => string;
  /** The external warehouse system, when one is configured. */
  readonly warehouse?: { readonly outbox: Pick<OutboundWebhooks, 'enqueue'>; readonly url: string };
}

/**
 * Every event-driven step of fulfilment, for any runtime to drive from its log feed
 * (a CheckpointedReactor per reactor locally; the DynamoDB stream in AWS).
 */
export const fulfilmentReactors = (deps: FulfilmentReactorDeps): Reactor[] => [
  orderFollowsShipment({ commands: deps.commands, order: orderShipmentSteps(deps.commands) }),
  shipmentFollowsOrder({ commands: deps.commands, shipmentIdForOrder: deps.shipmentIdForOrder }),
  ...(deps.warehouse ? [warehouseOutboxFeed(deps.warehouse.outbox, deps.warehouse.url)] : []),
];
