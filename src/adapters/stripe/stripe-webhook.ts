import Stripe from 'stripe';
import { DomainError } from '../../domain/errors';

export interface WebhookVerifyOptions {
  /** Oldest signature accepted, in seconds (Stripe's default is 300). */
  readonly toleranceSeconds?: number;
  /** When the request arrived; defaults to now. */
  readonly receivedAt?: Date;
}

/**
 * Checks the `Stripe-Signature` header of an inbound webhook against the endpoint secret and returns the
 * event. `rawBody` must be the exact bytes received: parsing and re-serialising the JSON breaks the
 * signature. Anything unsigned, tampered, signed with another secret or too old is `Unauthorized`.
 */
export function verifyStripeWebhook(
  rawBody: string | Uint8Array,
  signatureHeader: string | undefined,
  secret: string,
  options: WebhookVerifyOptions = {},
): Stripe.Event {
  if (!signatureHeader) throw new DomainError('Unauthorized', 'missing Stripe-Signature header');
  if (!secret) throw new DomainError('Unauthorized', 'no Stripe webhook secret is configured');
  try {
    return Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      options.toleranceSeconds,
      undefined,
      options.receivedAt?.getTime(),
    );
  } catch (e) {
    throw new DomainError('Unauthorized', 'invalid Stripe webhook signature', {
      reason: e instanceof Error ? e.message : String(e),
    });
  }
}
