import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { isDomainError, type ErrorType } from '../../src/domain/errors';
import type { Money } from '../../src/domain/money';
import type { AuthorizeRequest, Payments } from '../../src/ports/payments';

export interface PaymentsSubject {
  readonly payments: Payments;
  /** How many successful authorizations the gateway holds for the order. */
  chargesFor(orderId: string): number;
}

async function expectDomainError(promise: Promise<unknown>, errorType: ErrorType): Promise<void> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected ${errorType}, got ${JSON.stringify(outcome.value)}`);
  expect(isDomainError(outcome.error) ? outcome.error.errorType : outcome.error).toBe(errorType);
}

/** The behaviour every Payments adapter promises (src/ports/payments.ts). */
export function paymentsContract(name: string, makeSubject: () => PaymentsSubject): void {
  describe(`Payments contract: ${name}`, () => {
    let subject: PaymentsSubject;
    let payments: Payments;
    let orderId: string;
    const price: Money = { amount: 1200, currency: 'JPY' };
    const authorizeRequest = (overrides: Partial<AuthorizeRequest> = {}): AuthorizeRequest => ({
      orderId,
      customerId: 'alice',
      amount: price,
      paymentMethodId: 'pm_card_visa',
      idempotencyKey: `order-${orderId}-authorize`,
      ...overrides,
    });
    const authorized = async (overrides: Partial<AuthorizeRequest> = {}): Promise<string> => {
      const result = await payments.authorize(authorizeRequest(overrides));
      if (result.outcome !== 'authorized') throw new Error(`expected authorized, got ${JSON.stringify(result)}`);
      return result.paymentId;
    };
    const captured = async (): Promise<string> => {
      const paymentId = await authorized();
      await payments.capture({ paymentId, idempotencyKey: `order-${orderId}-capture` });
      return paymentId;
    };

    beforeEach(() => {
      subject = makeSubject();
      payments = subject.payments;
      orderId = randomUUID();
    });

    it('authorizes pm_card_visa and holds the whole amount, uncaptured', async () => {
      const paymentId = await authorized();
      expect(await payments.find(orderId)).toEqual({
        paymentId,
        orderId,
        status: 'authorized',
        amount: price,
        amountCaptured: 0,
        amountRefunded: 0,
      });
      expect(subject.chargesFor(orderId)).toBe(1);
    });

    it('declines pm_card_chargeDeclined as a result, with code card_declined', async () => {
      const result = await payments.authorize(authorizeRequest({ paymentMethodId: 'pm_card_chargeDeclined' }));
      expect(result).toMatchObject({ outcome: 'declined', code: 'card_declined' });
      expect(result.outcome === 'declined' && result.message.length).toBeGreaterThan(0);
      expect(subject.chargesFor(orderId)).toBe(0);
      expect(await payments.find(orderId)).toMatchObject({ status: 'declined', declineCode: 'card_declined' });
    });

    it('declines pm_card_chargeDeclinedInsufficientFunds with code insufficient_funds', async () => {
      const result = await payments.authorize(
        authorizeRequest({ paymentMethodId: 'pm_card_chargeDeclinedInsufficientFunds' }),
      );
      expect(result).toMatchObject({ outcome: 'declined', code: 'insufficient_funds' });
      expect(subject.chargesFor(orderId)).toBe(0);
    });

    it('declines a payment method it does not know, charging nothing', async () => {
      const result = await payments.authorize(authorizeRequest({ paymentMethodId: 'pm_made_up' }));
      expect(result).toMatchObject({ outcome: 'declined', code: 'invalid_payment_method' });
      expect(subject.chargesFor(orderId)).toBe(0);
    });

    it('replays a declined result for the same idempotency key', async () => {
      const request = authorizeRequest({ paymentMethodId: 'pm_card_chargeDeclined' });
      const first = await payments.authorize(request);
      expect(await payments.authorize(request)).toEqual(first);
    });

    it('authorizes once for the same idempotency key, however often it is asked', async () => {
      const first = await authorized();
      const again = await Promise.all([authorized(), authorized(), authorized()]);
      expect(again).toEqual([first, first, first]);
      expect(subject.chargesFor(orderId)).toBe(1);
    });

    it('refuses an idempotency key reused with different parameters', async () => {
      await authorized();
      await expectDomainError(payments.authorize(authorizeRequest({ amount: { amount: 9999, currency: 'JPY' } })), 'Conflict');
      expect(subject.chargesFor(orderId)).toBe(1);
    });

    it('treats a new idempotency key as a new payment', async () => {
      const first = await authorized();
      const second = await authorized({ idempotencyKey: `order-${orderId}-authorize-2` });
      expect(second).not.toBe(first);
      expect(subject.chargesFor(orderId)).toBe(2);
    });

    it('captures the authorized amount, once', async () => {
      const paymentId = await authorized();
      const capture = { paymentId, idempotencyKey: `order-${orderId}-capture` };
      const payment = await payments.capture(capture);
      expect(payment).toMatchObject({ paymentId, orderId, status: 'captured', amountCaptured: 1200, amountRefunded: 0 });
      expect(await payments.capture(capture)).toEqual(payment);
      // A retry that lost its key (e.g. after Stripe's 24 h) still sees its capture as done.
      expect(await payments.capture({ paymentId, idempotencyKey: 'another-key' })).toMatchObject({
        status: 'captured',
        amountCaptured: 1200,
      });
      expect(await payments.find(orderId)).toMatchObject({ status: 'captured', amountCaptured: 1200 });
    });

    it('cancels an uncaptured authorization, and then refuses to capture it', async () => {
      const paymentId = await authorized();
      const cancel = { paymentId, idempotencyKey: `order-${orderId}-cancel` };
      expect(await payments.cancel(cancel)).toMatchObject({ status: 'canceled', amountCaptured: 0 });
      expect(await payments.cancel(cancel)).toMatchObject({ status: 'canceled' });
      expect(await payments.cancel({ paymentId, idempotencyKey: 'another-key' })).toMatchObject({ status: 'canceled' });
      await expectDomainError(payments.capture({ paymentId, idempotencyKey: `order-${orderId}-capture` }), 'Conflict');
      expect(await payments.find(orderId)).toMatchObject({ status: 'canceled' });
    });

    it('refuses to cancel a captured payment', async () => {
      const paymentId = await captured();
      await expectDomainError(payments.cancel({ paymentId, idempotencyKey: `order-${orderId}-cancel` }), 'Conflict');
      expect(await payments.find(orderId)).toMatchObject({ status: 'captured' });
    });

    it('refunds a captured payment in full by default, once per key', async () => {
      const paymentId = await captured();
      const request = { paymentId, idempotencyKey: `order-${orderId}-refund` };
      const refund = await payments.refund(request);
      expect(refund).toMatchObject({ paymentId, amount: price });
      expect(refund.refundId).toEqual(expect.any(String));
      expect(await payments.refund(request)).toEqual(refund);
      expect(await payments.find(orderId)).toMatchObject({ status: 'captured', amountCaptured: 1200, amountRefunded: 1200 });
      await expectDomainError(payments.refund({ paymentId, idempotencyKey: 'refund-again' }), 'Conflict');
    });

    it('refunds in parts, never more than was captured', async () => {
      const paymentId = await captured();
      const part = await payments.refund({ paymentId, amount: 700, idempotencyKey: `${orderId}-r1` });
      expect(part.amount).toEqual({ amount: 700, currency: 'JPY' });
      await expectDomainError(payments.refund({ paymentId, amount: 501, idempotencyKey: `${orderId}-r2` }), 'Conflict');
      const rest = await payments.refund({ paymentId, idempotencyKey: `${orderId}-r3` });
      expect(rest.amount).toEqual({ amount: 500, currency: 'JPY' });
      expect(await payments.find(orderId)).toMatchObject({ amountRefunded: 1200 });
    });

    it('refuses to refund an uncaptured authorization (cancel it instead)', async () => {
      const paymentId = await authorized();
      await expectDomainError(payments.refund({ paymentId, idempotencyKey: `order-${orderId}-refund` }), 'Conflict');
      expect(await payments.find(orderId)).toMatchObject({ status: 'authorized', amountRefunded: 0 });
    });

    it('answers NotFound for a payment it never made', async () => {
      await expectDomainError(payments.capture({ paymentId: 'pi_nope', idempotencyKey: `${orderId}-x` }), 'NotFound');
    });

    it('rejects bad input before calling anyone', async () => {
      await expectDomainError(payments.authorize(authorizeRequest({ amount: { amount: 0, currency: 'JPY' } })), 'ValidationError');
      await expectDomainError(payments.authorize(authorizeRequest({ amount: { amount: 10.5, currency: 'JPY' } })), 'ValidationError');
      await expectDomainError(payments.authorize(authorizeRequest({ idempotencyKey: '' })), 'ValidationError');
      expect(subject.chargesFor(orderId)).toBe(0);
    });

    it('prefers the authorized attempt over a declined one when finding an order payment', async () => {
      await payments.authorize(authorizeRequest({ paymentMethodId: 'pm_card_chargeDeclined', idempotencyKey: `${orderId}-1` }));
      const paymentId = await authorized({ idempotencyKey: `${orderId}-2` });
      expect(await payments.find(orderId)).toMatchObject({ paymentId, status: 'authorized' });
      expect(await payments.find(randomUUID())).toBeUndefined();
    });

    it('keeps minor units as they are: USD cents', async () => {
      await authorized({ amount: { amount: 1999, currency: 'USD' } });
      expect(await payments.find(orderId)).toMatchObject({ amount: { amount: 1999, currency: 'USD' } });
    });
  });
}
