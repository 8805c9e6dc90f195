import { recordPaymentEvent, type PaymentEvent } from '../../app/checkout/payment-events';
import type { CommandHandler } from '../../app/command-handler';
import { verifyStripeWebhook } from '../../adapters/stripe/stripe-webhook';
import { DomainError } from '../../domain/errors';
import { header, readBody, sendJson, type Route } from '../http-util';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

interface StripeObject {
  id?: string;
  metadata?: Record<string, string>;
  amount_refunded?: number;
  currency?: string;
  last_payment_error?: { code?: string; decline_code?: string; message?: string } | null;
  refunds?: { data?: { id: string }[] };
}

/** The Stripe events an order cares about, reduced to the app's PaymentEvent (others are acknowledged and ignored). */
function toPaymentEvent(type: string, object: StripeObject): PaymentEvent | undefined {
  const orderId = object.metadata?.orderId;
  if (!orderId) return undefined;
  if (type === 'payment_intent.payment_failed') {
    const error = object.last_payment_error;
    return { kind: 'payment_failed', orderId, code: error?.decline_code ?? error?.code ?? 'card_declined', message: error?.message ?? 'The payment failed.' };
  }
  if (type === 'charge.refunded' && typeof object.amount_refunded === 'number' && object.currency) {
    const refundId = object.refunds?.data?.[0]?.id ?? `${object.id}:${object.amount_refunded}`;
    return { kind: 'refunded', orderId, refundId, refundedTotal: { amount: object.amount_refunded, currency: object.currency.toUpperCase() } };
  }
  return undefined;
}

/**
 * `POST /webhooks/stripe`: verifies the signature on the raw bytes (STRIPE_WEBHOOK_SECRET), then
 * records a decline or an outside refund on its order, idempotently (Stripe redelivers).
 */
export function stripeWebhookRoute(deps: { readonly commands: CommandHandler; readonly secret: string | undefined }): Route {
  return {
    method: 'POST',
    path: STRIPE_WEBHOOK_PATH,
    handler: async (req, res) => {
      const raw = await readBody(req, 512 * 1024);
      if (!deps.secret) throw new DomainError('Unauthorized', 'Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)');
      const event = verifyStripeWebhook(raw, header(req, 'stripe-signature'), deps.secret);
      const paymentEvent = toPaymentEvent(event.type, event.data.object as StripeObject);
      const recorded = paymentEvent ? await recordPaymentEvent(deps.commands, paymentEvent) : false;
      sendJson(res, 200, { received: true, recorded });
    },
  };
}
