import type { WebhookDelivery } from '../../ports/outbound-webhooks';

/** A webhook that exhausted its retries, as STAFF see it (schema type DeadLetter). */
export interface DeadLetterView {
  readonly id: string;
  /** The message type it carried, e.g. `shipment.instructed`. */
  readonly kind: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
}

function kindOf(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { type?: unknown }).type === 'string')
      return (parsed as { type: string }).type;
  } catch {
    // A body we stored ourselves is always JSON; fall through to a neutral kind.
  }
  return 'webhook';
}

export const toDeadLetterView = (delivery: WebhookDelivery): DeadLetterView => ({
  id: delivery.id,
  kind: kindOf(delivery.body),
  attempts: delivery.attempts,
  lastError: delivery.lastError ?? null,
  createdAt: delivery.createdAt,
});
