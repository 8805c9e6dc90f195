import { OfflinePayments } from '../../src/adapters/local/offline-payments';
import { openDatabase } from '../../src/adapters/local/sqlite';
import { createStripeClient } from '../../src/adapters/stripe/stripe-client';
import { StripePayments } from '../../src/adapters/stripe/stripe-payments';
import { paymentsContract } from './payments.contract';
import { StripeEmulator } from './payments-stripe-emulator';

paymentsContract('offline gateway (SQLite)', () => {
  const gateway = new OfflinePayments(openDatabase(':memory:'));
  return { payments: gateway, chargesFor: (orderId) => gateway.chargesFor(orderId) };
});

paymentsContract('Stripe adapter (real SDK, emulated Stripe HTTP API)', () => {
  const emulator = new StripeEmulator();
  const stripe = createStripeClient('sk_test_emulated', { httpClient: emulator, maxNetworkRetries: 0 });
  return {
    payments: new StripePayments(stripe),
    chargesFor: (orderId) => emulator.intentsFor(orderId).filter((i) => i.status !== 'requires_payment_method').length,
  };
});
