import { systemClock, type Clock } from '../../ports/clock';
import { postSignedWebhook, type SignedPost } from '../local/webhook-outbox-sender';
import { WEBHOOK_DELIVERY_FAILED } from './webhook-delivery-asl';

export interface WebhookDeliveryTaskOptions {
  readonly secret: string | readonly string[];
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
}

export class WebhookDeliveryFailed extends Error {
  override readonly name = WEBHOOK_DELIVERY_FAILED;
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The body of the Deliver task (a Lambda in AWS, a local handler in tests): one signed POST.
 * Throwing lets the state machine's Retry/backoff decide what happens next.
 */
export function createWebhookDeliveryTask(options: WebhookDeliveryTaskOptions) {
  const clock = options.clock ?? systemClock;
  return async (input: SignedPost): Promise<{ id: string; status: number }> => {
    if (typeof input?.id !== 'string' || typeof input.url !== 'string' || typeof input.body !== 'string')
      throw new TypeError('webhook delivery input must be { id, url, body } strings');
    const outcome = await postSignedWebhook(input, {
      secret: options.secret,
      now: clock.now(),
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    if (!outcome.ok) throw new WebhookDeliveryFailed(outcome.error, outcome.status);
    return { id: input.id, status: outcome.status };
  };
}
