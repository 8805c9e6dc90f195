import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { verifyStripeWebhook } from '../../src/adapters/stripe/stripe-webhook';
import { isDomainError } from '../../src/domain/errors';

const secret = 'whsec_test_marquee';
const payload = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  type: 'payment_intent.succeeded',
  data: { object: { id: 'pi_1', object: 'payment_intent', metadata: { orderId: 'o-1' } } },
});
const sign = (body: string, options: { secret?: string; timestamp?: number } = {}) =>
  Stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? secret, timestamp: options.timestamp });

function refusal(act: () => unknown): string {
  try {
    act();
  } catch (e) {
    return isDomainError(e) ? e.errorType : `not a DomainError: ${String(e)}`;
  }
  return 'accepted';
}

describe('verifyStripeWebhook', () => {
  it('accepts a correctly signed body and returns the typed event', () => {
    const event = verifyStripeWebhook(payload, sign(payload), secret);
    expect(event.type).toBe('payment_intent.succeeded');
    expect(event.id).toBe('evt_1');
  });

  it('accepts the raw bytes as a Buffer', () => {
    expect(verifyStripeWebhook(Buffer.from(payload), sign(payload), secret).id).toBe('evt_1');
  });

  it('refuses a tampered body', () => {
    const tampered = payload.replace('pi_1', 'pi_2');
    expect(refusal(() => verifyStripeWebhook(tampered, sign(payload), secret))).toBe('Unauthorized');
  });

  it('refuses a signature made with another secret', () => {
    expect(refusal(() => verifyStripeWebhook(payload, sign(payload, { secret: 'whsec_other' }), secret))).toBe('Unauthorized');
  });

  it('refuses a stale signature, and accepts it within the tolerance', () => {
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const header = sign(payload, { timestamp: tenMinutesAgo });
    expect(refusal(() => verifyStripeWebhook(payload, header, secret))).toBe('Unauthorized');
    expect(verifyStripeWebhook(payload, header, secret, { toleranceSeconds: 900 }).id).toBe('evt_1');
    expect(verifyStripeWebhook(payload, header, secret, { receivedAt: new Date((tenMinutesAgo + 60) * 1000) }).id).toBe('evt_1');
  });

  it('refuses a missing header, a garbage header and a blank secret', () => {
    expect(refusal(() => verifyStripeWebhook(payload, undefined, secret))).toBe('Unauthorized');
    expect(refusal(() => verifyStripeWebhook(payload, 't=1,v1=deadbeef', secret))).toBe('Unauthorized');
    expect(refusal(() => verifyStripeWebhook(payload, sign(payload), ''))).toBe('Unauthorized');
  });
});
