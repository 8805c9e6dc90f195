import type { ShipmentEvent } from '../../domain/shipment';
import type { StoredEvent } from '../../ports/event-store';
import type { ReadStore } from '../../ports/read-store';
import type { Notification, Projection } from '../projector';
import { Tables, type ShipmentView } from '../read-models';

export const SHIPMENT_UPDATED = 'publishShipmentUpdated';

const SHIPMENT_PREFIX = 'shipment-';

function applyShipment(view: ShipmentView | undefined, event: ShipmentEvent, at: string): ShipmentView | undefined {
  if (event.type === 'ShipmentInstructed') {
    const { shipmentId, orderId, customerId, address, lines } = event.data;
    return { id: shipmentId, orderId, customerId, status: 'INSTRUCTED', address, lines: [...lines], createdAt: at, updatedAt: at };
  }
  // Every later event needs the instruction first; the log guarantees that order within a stream.
  if (!view) return undefined;
  switch (event.type) {
    case 'ShipmentAcknowledged':
      return { ...view, status: 'ACKNOWLEDGED', updatedAt: at };
    case 'ShipmentShipped':
      return { ...view, status: 'SHIPPED', carrier: event.data.carrier, trackingNumber: event.data.trackingNumber, updatedAt: at };
    case 'ShipmentDelivered':
      return { ...view, status: 'DELIVERED', updatedAt: at };
    case 'ShipmentCancelled':
      return { ...view, status: 'CANCELLED', cancelReason: event.data.reason, updatedAt: at };
    default:
      return view;
  }
}

/**
 * shipments: one row per shipment, partitioned by status so `shipments(status)` is one
 * index query. Every change is pushed to onShipmentUpdated (WAREHOUSE and STAFF only).
 */
export const shipmentsProjection: Projection = {
  name: 'shipments',
  tables: [Tables.shipments],
  async apply(event: StoredEvent, read: ReadStore): Promise<Notification[]> {
    if (!event.streamId.startsWith(SHIPMENT_PREFIX)) return [];
    const id = event.streamId.slice(SHIPMENT_PREFIX.length);
    const row = await read.get<ShipmentView>(Tables.shipments, id);
    if ((row?.versions[event.streamId] ?? 0) >= event.version) return [];
    const doc = applyShipment(row?.doc, event as unknown as ShipmentEvent, event.meta.at);
    if (!doc) return [];
    await read.put(Tables.shipments, { id, doc, versions: { [event.streamId]: event.version }, partition: doc.status });
    return [{ mutation: SHIPMENT_UPDATED, payload: { ...doc } }];
  },
};
