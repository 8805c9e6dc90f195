import type { ShipmentEvent } from '../../domain/shipment';
import type { StoredEvent } from '../../ports/event-store';
import type { OutboundWebhooks } from '../../ports/outbound-webhooks';
import { warehouseWebhookFor } from './warehouse-messages';

/**
 * Feeds the outbox from the event log (wire it to a catch-up subscription when WAREHOUSE_WEBHOOK_URL
 * is set). Replaying the log is harmless: enqueue is idempotent on the message id, so an
 * instruction is stored, and therefore sent, at most once per shipment.
 */
export async function enqueueWarehouseWebhooks(
  batch: readonly StoredEvent[],
  outbox: Pick<OutboundWebhooks, 'enqueue'>,
  url: string,
): Promise<number> {
  let enqueued = 0;
  for (const event of batch) {
    if (!event.streamId.startsWith('shipment-')) continue;
    const webhook = warehouseWebhookFor(event as unknown as ShipmentEvent, url, event.meta.at);
    if (webhook && (await outbox.enqueue(webhook))) enqueued++;
  }
  return enqueued;
}
