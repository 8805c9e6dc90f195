import type { OutboundWebhooks } from '../../ports/outbound-webhooks';
import type { Reactor } from './checkpointed-reactor';
import { enqueueWarehouseWebhooks } from './warehouse-outbox-reactor';

/**
 * Feeds the warehouse outbox from the log: every instruction and cancellation becomes one
 * outbound webhook. Run it behind a CheckpointedReactor; a re-delivered batch enqueues
 * nothing new because the outbox keeps one delivery per message id.
 */
export const warehouseOutboxFeed = (outbox: Pick<OutboundWebhooks, 'enqueue'>, url: string): Reactor => ({
  name: 'warehouse-outbox',
  async react(batch) {
    await enqueueWarehouseWebhooks(batch, outbox, url);
  },
});
