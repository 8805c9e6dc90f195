import { ORDER_STREAM_PREFIX, type OrderEvent } from '../../domain/order';
import type { StoredEvent } from '../../ports/event-store';
import type { ReadStore } from '../../ports/read-store';
import type { Notification, Projection } from '../projector';
import { Tables, type SaleView } from '../read-models';

const COUNTED = new Set(['OrderConfirmed', 'PaymentRefunded', 'OrderCancelled', 'OrderRefunded']);

/** The UTC calendar day of an ISO time. */
export const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * sales: one row per confirmed order, partitioned by the day it was confirmed, so
 * salesReport(from, to) reads one partition per day and no row is ever shared by two orders.
 */
export const salesProjection: Projection = {
  name: 'sales',
  tables: [Tables.sales],
  async apply(event: StoredEvent, read: ReadStore): Promise<Notification[]> {
    if (!COUNTED.has(event.type) || !event.streamId.startsWith(ORDER_STREAM_PREFIX)) return [];
    const id = event.streamId.slice(ORDER_STREAM_PREFIX.length);
    const row = await read.get<SaleView>(Tables.sales, id);
    if ((row?.versions[event.streamId] ?? 0) >= event.version) return [];
    const e = event as unknown as OrderEvent;
    let doc: SaleView | undefined = row?.doc;
    if (e.type === 'OrderConfirmed') {
      const { captured, units } = e.data;
      doc = { orderId: id, date: dayOf(event.meta.at), units, revenue: captured, refunded: 0, undone: false };
    } else if (!doc) {
      return [];
    } else if (e.type === 'PaymentRefunded') {
      doc = { ...doc, refunded: doc.refunded + e.data.amount.amount };
    } else {
      doc = { ...doc, undone: true };
    }
    await read.put(Tables.sales, { id, doc, versions: { [event.streamId]: event.version }, partition: doc.date });
    return [];
  },
};
