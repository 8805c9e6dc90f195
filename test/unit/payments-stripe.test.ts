import { beforeEach, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../src/adapters/stripe/stripe-client';
import { declineCodeOf } from '../../src/adapters/stripe/stripe-errors';
import { StripePayments } from '../../src/adapters/stripe/stripe-payments';
import { PaymentGatewayUnavailable, type AuthorizeRequest } from '../../src/ports/payments';
import { StripeEmulator } from '../contract/payments-stripe-emulator';

const request: AuthorizeRequest = {
  orderId: 'o-42',
  customerId: 'alice',
  amount: { amount: 1200, currency: 'JPY' },
  paymentMethodId: 'pm_card_visa',
  idempotencyKey: 'order-o-42-authorize',
};

describe('StripePayments: the requests it sends through the real SDK', () => {
  let emulator: StripeEmulator;
  let payments: StripePayments;

  beforeEach(() => {
    emulator = new StripeEmulator();
    payments = new StripePayments(createStripeClient('sk_test_recorded', { httpClient: emulator, maxNetworkRetries: 0 }));
  });

  const authorizedId = async () => {
    const result = await payments.authorize(request);
    if (result.outcome !== 'authorized') throw new Error('expected authorized');
    return result.paymentId;
  };

  it('authorizes with one confirmed, manually captured PaymentIntent carrying our idempotency key', async () => {
    const paymentId = await authorizedId();
    expect(emulator.requests).toHaveLength(1);
    const [sent] = emulator.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/payment_intents' });
    expect(sent?.headers['Idempotency-Key']).toBe('order-o-42-authorize');
    expect(sent?.headers['Authorization']).toBe('Bearer sk_test_recorded');
    expect(sent?.params).toMatchObject({
      amount: '1200', // JPY is zero-decimal in Stripe: our minor units go through unchanged
      currency: 'jpy',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      capture_method: 'manual',
      automatic_payment_methods: { enabled: 'true', allow_redirects: 'never' },
      metadata: { orderId: 'o-42', customerId: 'alice' },
    });
    expect(paymentId).toBe('pi_emu_1');
  });

  it('captures, cancels and refunds on the PaymentIntent paths, each with its own key', async () => {
    const paymentId = await authorizedId();
    await payments.capture({ paymentId, idempotencyKey: 'order-o-42-capture' });
    await payments.refund({ paymentId, amount: 200, idempotencyKey: 'order-o-42-refund' });
    const other = await payments.authorize({ ...request, idempotencyKey: 'order-o-42-authorize-2' });
    if (other.outcome !== 'authorized') throw new Error('expected authorized');
    await payments.cancel({ paymentId: other.paymentId, idempotencyKey: 'order-o-42-cancel' });

    const sent = emulator.requests.map((r) => ({ method: r.method, path: r.path, key: r.headers['Idempotency-Key'] }));
    expect(sent).toEqual([
      { method: 'POST', path: '/v1/payment_intents', key: 'order-o-42-authorize' },
      { method: 'POST', path: `/v1/payment_intents/${paymentId}/capture`, key: 'order-o-42-capture' },
      { method: 'POST', path: '/v1/refunds', key: 'order-o-42-refund' },
      { method: 'POST', path: '/v1/payment_intents', key: 'order-o-42-authorize-2' },
      { method: 'POST', path: `/v1/payment_intents/${other.paymentId}/cancel`, key: 'order-o-42-cancel' },
    ]);
    expect(emulator.requests[2]?.params).toEqual({ payment_intent: paymentId, amount: '200' });
    expect(emulator.requests[1]?.params).toEqual({ expand: ['latest_charge'] });
  });

  it('omits the amount of a full refund so Stripe refunds what is left', async () => {
    const paymentId = await authorizedId();
    await payments.capture({ paymentId, idempotencyKey: 'c' });
    const refund = await payments.refund({ paymentId, idempotencyKey: 'r' });
    expect(emulator.requests.at(-1)?.params).toEqual({ payment_intent: paymentId });
    expect(refund.amount).toEqual({ amount: 1200, currency: 'JPY' });
  });

  it('turns a 402 card error into a declined result with the issuer reason', async () => {
    const result = await payments.authorize({ ...request, paymentMethodId: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(result).toEqual({ outcome: 'declined', code: 'insufficient_funds', message: 'Your card has insufficient funds.' });
    expect(emulator.requests[0]?.params['payment_method']).toBe('pm_card_chargeDeclinedInsufficientFunds');
  });

  it('finds an order payment through the search API by metadata', async () => {
    await authorizedId();
    await payments.find("o-42'x");
    const search = emulator.requests.at(-1);
    expect(search).toMatchObject({ method: 'GET', path: '/v1/payment_intents/search' });
    expect(search?.params['query']).toBe("metadata['orderId']:'o-42\\'x'");
  });

  it('throws PaymentGatewayUnavailable when Stripe answers 5xx or 429', async () => {
    emulator.failNext(500);
    await expect(payments.authorize(request)).rejects.toBeInstanceOf(PaymentGatewayUnavailable);
    emulator.failNext(429);
    await expect(payments.capture({ paymentId: 'pi_x', idempotencyKey: 'k' })).rejects.toBeInstanceOf(
      PaymentGatewayUnavailable,
    );
    expect(emulator.intentsFor('o-42')).toEqual([]);
  });

  it('charges once when the answer is lost and the SDK retries with the same key', async () => {
    const retrying = new StripePayments(createStripeClient('sk_test_recorded', { httpClient: emulator, maxNetworkRetries: 1 }));
    emulator.failNext('drop-after');
    const result = await retrying.authorize(request);
    expect(result).toEqual({ outcome: 'authorized', paymentId: 'pi_emu_1' });
    expect(emulator.requests.map((r) => r.headers['Idempotency-Key'])).toEqual([
      'order-o-42-authorize',
      'order-o-42-authorize',
    ]);
    expect(emulator.intentsFor('o-42')).toHaveLength(1);
  });
});

describe('declineCodeOf', () => {
  it('prefers the issuer reason and falls back to the error code for a generic decline', () => {
    expect(declineCodeOf({ code: 'card_declined', decline_code: 'insufficient_funds' })).toBe('insufficient_funds');
    expect(declineCodeOf({ code: 'card_declined', decline_code: 'generic_decline' })).toBe('card_declined');
    expect(declineCodeOf({ code: 'expired_card' })).toBe('expired_card');
    expect(declineCodeOf({})).toBe('card_declined');
  });
});
