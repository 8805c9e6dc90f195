/**
 * Durable, signed, at-least-once delivery of JSON webhooks to external systems (the warehouse).
 * `enqueue` is idempotent on `id`, which is also sent as the `Idempotency-Key` header so the
 * receiver can drop the rare duplicate (a crash after the receiver answered, before we recorded it).
 * After the last failed attempt a delivery becomes a dead letter that staff can see and re-drive.
 */
export interface OutboundWebhook {
  /** Idempotency key, e.g. `<shipmentId>.instructed`. At most one delivery per id is ever stored. */
  readonly id: string;
  readonly url: string;
  /** Plain JSON; serialised once at enqueue so every attempt signs and sends the same bytes. */
  readonly body: Readonly<Record<string, unknown>>;
}

export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface WebhookDelivery {
  readonly id: string;
  readonly url: string;
  /** The JSON text that is signed and sent. */
  readonly body: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly lastError?: string;
  /** HTTP status of the last answer, when there was one. */
  readonly lastStatus?: number;
  /** ISO times. */
  readonly createdAt: string;
  readonly nextAttemptAt?: string;
  readonly deliveredAt?: string;
}

export interface OutboundWebhooks {
  /** Stores the delivery unless one with this id exists; true when it was new. */
  enqueue(webhook: OutboundWebhook): Promise<boolean>;
  get(id: string): Promise<WebhookDelivery | undefined>;
  /** Deliveries that exhausted their attempts, oldest first. */
  deadLetters(): Promise<WebhookDelivery[]>;
  /** Puts a dead letter back in the queue with a fresh attempt budget. NotFound if no such dead letter. */
  redrive(id: string): Promise<void>;
}
