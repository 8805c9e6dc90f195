import { afterEach, beforeEach, expect, it } from 'vitest';
import { createStripeClient } from '../../src/adapters/stripe/stripe-client';
import { StripePayments } from '../../src/adapters/stripe/stripe-payments';
import { checkoutTasks } from '../../src/app/checkout/checkout-tasks';
import { orderDecider, orderStream } from '../../src/domain/order';
import { StripeEmulator } from '../contract/payments-stripe-emulator';
import { ADDRESS, checkoutHarness, type CheckoutHarness } from '../support/checkout-harness';

let h: CheckoutHarness;
let stripe: StripeEmulator;

beforeEach(async () => {
  h = await checkoutHarness();
  await h.product('TEA', { price: { amount: 1200, currency: 'JPY' } }, 5);
  stripe = new StripeEmulator();
});
afterEach(() => h.close());

const header = (headers: Readonly<Record<string, string>>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

it('checkout on the Stripe adapter: the order id is the idempotency key, so a lost answer retried charges once', async () => {
  const payments = new StripePayments(createStripeClient('sk_test_emulated', { httpClient: stripe, maxNetworkRetries: 0 }));
  const tasks = checkoutTasks({ ...h.deps, payments });
  const order = await h.checkout.placeOrder(
    { idempotencyKey: 'stripe-order-01', lines: [{ sku: 'TEA', quantity: 2 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS },
    { customerId: 'alice-sub', name: 'alice', actor: 'user:alice-sub' },
  );
  const input = { orderId: order.id };
  await tasks.ReserveStockFunctionArn!(input);

  stripe.failNext('drop-after'); // Stripe authorizes, but the answer is lost on the way back.
  await tasks.AuthorizePaymentFunctionArn!(input).catch((e: Error) => expect(e.name).toBe('PaymentGatewayUnavailable'));
  await tasks.AuthorizePaymentFunctionArn!(input);
  await tasks.AuthorizePaymentFunctionArn!(input);
  await tasks.ConfirmOrderFunctionArn!(input);
  await tasks.ConfirmOrderFunctionArn!(input);

  expect(stripe.intentsFor(order.id)).toEqual([{ id: expect.any(String), status: 'succeeded' }]);
  const creates = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');
  expect(creates.length).toBeGreaterThanOrEqual(2); // the lost one and its retry
  for (const create of creates) {
    expect(header(create.headers, 'Idempotency-Key')).toBe(`order-${order.id}-authorize`);
    expect(create.params).toMatchObject({ amount: '2400', currency: 'jpy', capture_method: 'manual', confirm: 'true', payment_method: 'pm_card_visa' });
  }
  const captures = stripe.requests.filter((r) => r.path.endsWith('/capture'));
  expect(captures).toHaveLength(1);
  expect(header(captures[0]!.headers, 'Idempotency-Key')).toBe(`order-${order.id}-capture`);
  expect((await h.deps.commands.load(orderDecider, orderStream(order.id))).state.status).toBe('CONFIRMED');
});
