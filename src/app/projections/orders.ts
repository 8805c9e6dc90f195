import { ORDER_STREAM_PREFIX, type OrderEvent } from '../../domain/order';
import type { ShipmentEvent } from '../../domain/shipment';
import type { StoredEvent } from '../../ports/event-store';
import type { ReadStore } from '../../ports/read-store';
import { applyOrderEvent, applyShipmentEvent } from '../orders/order-view';
import type { Notification, Projection } from '../projector';
import { Tables, type OrderView } from '../read-models';

export const ORDER_UPDATED = 'publishOrderUpdated';

const SHIPMENT_PREFIX = 'shipment-';

/**
 * orders: one row per order (partition = customerId, for myOrders), fed by the order stream and
 * by its shipment's stream (whose events carry the orderId). Every change is pushed to
 * onOrderUpdated; the payload's customerId is what subscribers filter on.
 */
export const ordersProjection: Projection = {
  name: 'orders',
  tables: [Tables.orders],
  async apply(event: StoredEvent, read: ReadStore): Promise<Notification[]> {
    const fromOrder = event.streamId.startsWith(ORDER_STREAM_PREFIX);
    if (!fromOrder && !event.streamId.startsWith(SHIPMENT_PREFIX)) return [];
    const id = fromOrder
      ? event.streamId.slice(ORDER_STREAM_PREFIX.length)
      : (event.data as { orderId?: string } | null)?.orderId;
    if (!id) return [];
    const row = await read.get<OrderView>(Tables.orders, id);
    if ((row?.versions[event.streamId] ?? 0) >= event.version) return [];
    const doc = fromOrder
      ? applyOrderEvent(row?.doc, event as unknown as OrderEvent, event.meta.at)
      : row && applyShipmentEvent(row.doc, event as unknown as ShipmentEvent, event.meta.at);
    if (!doc) return [];
    await read.put(Tables.orders, {
      id,
      doc,
      versions: { ...row?.versions, [event.streamId]: event.version },
      partition: doc.customerId,
    });
    return doc === row?.doc ? [] : [{ mutation: ORDER_UPDATED, payload: { ...doc } }];
  },
};
