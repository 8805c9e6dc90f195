import type Stripe from 'stripe';
import { conflict } from '../../domain/errors';
import {
  assertAuthorizeRequest,
  assertPaymentOperation,
  assertRefundRequest,
  type AuthorizeRequest,
  type AuthorizeResult,
  type Payment,
  type PaymentOperation,
  type Payments,
  type PaymentStatus,
  type RefundRequest,
  type RefundResult,
} from '../../ports/payments';
import { declineCodeOf, isStripeError, isUnexpectedState, toPaymentsError } from './stripe-errors';

/** Payment statuses the port reports for Stripe's PaymentIntent statuses. */
function statusOf(intent: Stripe.PaymentIntent): PaymentStatus {
  switch (intent.status) {
    case 'requires_capture':
      return 'authorized';
    case 'succeeded':
      return 'captured';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      return intent.last_payment_error ? 'declined' : 'pending';
    default:
      return 'pending';
  }
}

function toPayment(intent: Stripe.PaymentIntent): Payment {
  const charge = intent.latest_charge !== null && typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const error = intent.last_payment_error;
  return {
    paymentId: intent.id,
    orderId: intent.metadata['orderId'] ?? '',
    status: statusOf(intent),
    amount: { amount: intent.amount, currency: intent.currency.toUpperCase() },
    amountCaptured: intent.amount_received,
    amountRefunded: charge?.amount_refunded ?? 0,
    ...(error && statusOf(intent) === 'declined' ? { declineCode: declineCodeOf(error) } : {}),
  };
}

/** Stripe's search syntax quotes values in single quotes; a quote or backslash inside is backslash-escaped. */
const searchLiteral = (value: string) => `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/** Every response that shows a payment carries the refunded total, which lives on the charge. */
const WITH_CHARGE = ['latest_charge'];

/**
 * The Payments port on Stripe PaymentIntents (manual capture, see src/ports/payments.ts).
 * Construct with `new StripePayments(createStripeClient(secretKey))`.
 */
export class StripePayments implements Payments {
  constructor(private readonly stripe: Stripe) {}

  async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    assertAuthorizeRequest(request);
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount.amount,
          currency: request.amount.currency.toLowerCase(),
          payment_method: request.paymentMethodId,
          // No redirect-based methods: the server confirms, so nobody could come back from a redirect.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          confirm: true,
          capture_method: 'manual',
          description: `Marquee order ${request.orderId}`,
          metadata: { orderId: request.orderId, customerId: request.customerId },
        },
        { idempotencyKey: request.idempotencyKey },
      );
    } catch (e) {
      if (isStripeError(e) && e.type === 'StripeCardError')
        return { outcome: 'declined', code: declineCodeOf(e), message: e.message };
      if (isStripeError(e) && e.type === 'StripeInvalidRequestError' && e.param === 'payment_method')
        return { outcome: 'declined', code: 'invalid_payment_method', message: e.message };
      throw toPaymentsError(e);
    }
    const status = statusOf(intent);
    if (status === 'authorized' || status === 'captured') return { outcome: 'authorized', paymentId: intent.id };
    // A server-side confirmation cannot answer a 3-D Secure challenge, so it is as good as a decline here.
    if (intent.status === 'requires_action')
      return { outcome: 'declined', code: 'authentication_required', message: 'The card requires authentication.' };
    const error = intent.last_payment_error;
    return {
      outcome: 'declined',
      code: error ? declineCodeOf(error) : intent.status,
      message: error?.message ?? `payment is ${intent.status}`,
    };
  }

  async capture(request: PaymentOperation): Promise<Payment> {
    assertPaymentOperation(request);
    return this.transition(request.paymentId, 'captured', () =>
      this.stripe.paymentIntents.capture(
        request.paymentId,
        { expand: WITH_CHARGE },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
  }

  async cancel(request: PaymentOperation): Promise<Payment> {
    assertPaymentOperation(request);
    return this.transition(request.paymentId, 'canceled', () =>
      this.stripe.paymentIntents.cancel(
        request.paymentId,
        { expand: WITH_CHARGE },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    assertRefundRequest(request);
    try {
      const refund = await this.stripe.refunds.create(
        {
          payment_intent: request.paymentId,
          ...(request.amount !== undefined ? { amount: request.amount } : {}),
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return {
        refundId: refund.id,
        paymentId: request.paymentId,
        amount: { amount: refund.amount, currency: refund.currency.toUpperCase() },
      };
    } catch (e) {
      throw toPaymentsError(e);
    }
  }

  async find(orderId: string): Promise<Payment | undefined> {
    try {
      const found = await this.stripe.paymentIntents.search({
        query: `metadata['orderId']:${searchLiteral(orderId)}`,
        expand: ['data.latest_charge'],
        limit: 20,
      });
      const attempts = found.data
        .filter((intent) => intent.metadata['orderId'] === orderId)
        .sort((a, b) => b.created - a.created)
        .map(toPayment);
      return attempts.find((p) => p.status !== 'declined') ?? attempts[0];
    } catch (e) {
      throw toPaymentsError(e);
    }
  }

  /**
   * Captures/cancels, treating "already there" as success: a task retried after Stripe forgot its
   * idempotency key (keys live 24 hours) must still see its own earlier capture or cancel as done.
   */
  private async transition(
    paymentId: string,
    target: PaymentStatus,
    call: () => Promise<Stripe.PaymentIntent>,
  ): Promise<Payment> {
    try {
      return toPayment(await call());
    } catch (e) {
      if (!isUnexpectedState(e)) throw toPaymentsError(e);
      const current = await this.retrieve(paymentId);
      if (current.status === target) return current;
      throw conflict(`payment ${paymentId} cannot be ${target}: it is ${current.status}`, { status: current.status });
    }
  }

  private async retrieve(paymentId: string): Promise<Payment> {
    try {
      return toPayment(await this.stripe.paymentIntents.retrieve(paymentId, { expand: WITH_CHARGE }));
    } catch (e) {
      throw toPaymentsError(e);
    }
  }
}
