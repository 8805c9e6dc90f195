import { describe, expect, it } from 'vitest';
import { amplifyOutputs, stripeOutputs } from '../../src/server/amplify-outputs';
import { configFromEnv } from '../../src/server/config';
import { paymentModeFrom } from '../../src/web/pages/cart/payment-mode';

const outputsWith = (env: Record<string, string>) => {
  const config = configFromEnv({ MARQUEE_DATA_DIR: '/tmp/unused', ...env });
  return amplifyOutputs('http://127.0.0.1:4000', 'da2-local', true, stripeOutputs(config));
};

describe('checkout payment mode (which card entry the page shows)', () => {
  it('a publishable key in custom.marquee selects Stripe Elements with that key', () => {
    expect(paymentModeFrom({ custom: { marquee: { runtime: 'local', stripePublishableKey: 'pk_test_123' } } })).toEqual({
      kind: 'stripe-elements',
      publishableKey: 'pk_test_123',
    });
    expect(paymentModeFrom({ custom: { marquee: { stripePublishableKey: 'pk_live_Abc9' } } })).toEqual({
      kind: 'stripe-elements',
      publishableKey: 'pk_live_Abc9',
    });
  });

  it.each([
    ['no outputs', undefined],
    ['no custom section', { version: '1.4' }],
    ['no key', { custom: { marquee: { runtime: 'local' } } }],
    ['null marquee', { custom: { marquee: null } }],
    ['empty key', { custom: { marquee: { stripePublishableKey: '' } } }],
    ['a secret key', { custom: { marquee: { stripePublishableKey: 'sk_test_123' } } }],
    ['a restricted key', { custom: { marquee: { stripePublishableKey: 'rk_test_123' } } }],
    ['not a string', { custom: { marquee: { stripePublishableKey: 42 } } }],
    ['markup', { custom: { marquee: { stripePublishableKey: 'pk_test_"><script>' } } }],
  ])('%s keeps the offline test cards', (_, outputs) => {
    expect(paymentModeFrom(outputs)).toEqual({ kind: 'test-cards' });
  });

  it('the real outputs drive the mode end to end: key configured -> Elements, none -> test cards', () => {
    expect(paymentModeFrom(outputsWith({ STRIPE_PUBLISHABLE_KEY: 'pk_test_123' })).kind).toBe('stripe-elements');
    expect(paymentModeFrom(outputsWith({})).kind).toBe('test-cards');
  });
});

describe('amplify_outputs.json and the Stripe keys', () => {
  it('carries the publishable key under custom.marquee when configured', () => {
    const outputs = outputsWith({ STRIPE_PUBLISHABLE_KEY: 'pk_test_123' });
    expect(outputs.custom.marquee).toMatchObject({ runtime: 'local', stripePublishableKey: 'pk_test_123' });
  });

  it('has no stripePublishableKey at all when none is configured', () => {
    const outputs = outputsWith({ STRIPE_SECRET_KEY: 'sk_test_secret' });
    expect(outputs.custom.marquee).not.toHaveProperty('stripePublishableKey');
    expect(JSON.stringify(outputs)).not.toMatch(/stripe/i);
  });

  it('never carries the secret or webhook keys, whatever else is configured', () => {
    const json = JSON.stringify(
      outputsWith({ STRIPE_SECRET_KEY: 'sk_test_secret', STRIPE_WEBHOOK_SECRET: 'whsec_abc', STRIPE_PUBLISHABLE_KEY: 'pk_test_123' }),
    );
    expect(json).toContain('pk_test_123');
    expect(json).not.toContain('sk_test_secret');
    expect(json).not.toContain('whsec_abc');
    expect(json).not.toMatch(/secretKey|webhookSecret/i);
  });

  it('refuses a STRIPE_PUBLISHABLE_KEY that is not pk_…, without echoing it', () => {
    for (const wrong of ['sk_test_secretvalue', 'rk_live_restricted', 'whsec_abc', 'test_123']) {
      let message = '';
      try {
        configFromEnv({ STRIPE_PUBLISHABLE_KEY: wrong });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key \(pk_test_… or pk_live_…\)/);
      expect(message).not.toContain(wrong);
    }
    expect(configFromEnv({ STRIPE_PUBLISHABLE_KEY: 'pk_test_123' }).stripePublishableKey).toBe('pk_test_123');
    expect(configFromEnv({})).not.toHaveProperty('stripePublishableKey');
  });
});
