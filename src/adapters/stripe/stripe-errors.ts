import Stripe from 'stripe';
import { conflict, DomainError, notFound, validation } from '../../domain/errors';
import { PaymentGatewayUnavailable } from '../../ports/payments';

type StripeError = InstanceType<typeof Stripe.errors.StripeError>;

/** Invalid-request codes that mean "not in this state", not "malformed request". */
const STATE_CONFLICT_CODES = new Set([
  'payment_intent_unexpected_state',
  'charge_already_captured',
  'charge_already_refunded',
  'charge_not_refundable',
  'amount_too_large',
  'charge_disputed',
]);

export const isStripeError = (e: unknown): e is StripeError => e instanceof Stripe.errors.StripeError;

export const isUnexpectedState = (e: unknown): boolean =>
  isStripeError(e) && e.code === 'payment_intent_unexpected_state';

/** Translates what the Stripe SDK threw into the Payments port's failures (see src/ports/payments.ts). */
export function toPaymentsError(e: unknown): Error {
  if (!isStripeError(e)) return e instanceof Error ? e : new Error(String(e));
  switch (e.type) {
    case 'StripeConnectionError':
    case 'StripeAPIError':
    case 'StripeRateLimitError':
      return new PaymentGatewayUnavailable(`Stripe unavailable: ${e.message}`, { cause: e });
    case 'StripeIdempotencyError':
      return conflict(`idempotency key reused with different parameters: ${e.message}`);
    case 'StripeCardError':
      return new DomainError('PaymentDeclined', e.message, { code: e.decline_code || e.code });
    case 'StripeInvalidRequestError':
      if (e.code === 'resource_missing') return notFound(e.message);
      if (e.code && STATE_CONFLICT_CODES.has(e.code)) return conflict(e.message, { code: e.code });
      return validation(e.message, { code: e.code, param: e.param });
    case 'StripeAuthenticationError':
    case 'StripePermissionError':
      return new DomainError('InternalError', `Stripe refused our credentials: ${e.message}`);
    default:
      return e;
  }
}

/** Stripe reports an issuer decline as code `card_declined` plus a decline_code; prefer the specific reason. */
export function declineCodeOf(e: { code?: string; decline_code?: string }): string {
  if (e.decline_code && e.decline_code !== 'generic_decline') return e.decline_code;
  return e.code || 'card_declined';
}
