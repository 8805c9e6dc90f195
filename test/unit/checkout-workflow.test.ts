import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AslWorkflows } from '../../src/adapters/local/asl-engine';
import { orderDecider, orderStream } from '../../src/domain/order';
import { ADDRESS, checkoutHarness, type CheckoutHarness } from '../support/checkout-harness';

const ASL = join(import.meta.dirname, '../../state-machines/checkout.asl.json');
const customer = { customerId: 'alice-sub', name: 'alice', actor: 'user:alice-sub' };

let h: CheckoutHarness;
let workflows: AslWorkflows;

beforeEach(async () => {
  h = await checkoutHarness();
  await h.product('TEA', {}, 3);
  workflows = new AslWorkflows({ db: h.db, machines: { checkout: ASL }, tasks: h.tasks, retryIntervalMs: 0 });
});
afterEach(async () => {
  await workflows.close();
  await h.close();
});

const place = (key: string, paymentMethodId = 'pm_card_visa') =>
  h.checkout.placeOrder({ idempotencyKey: key, lines: [{ sku: 'TEA', quantity: 1 }], paymentMethodId, shippingAddress: ADDRESS }, customer);
const types = async (id: string) => (await h.events.readStream(orderStream(id))).map((e) => e.type);

it('runs checkout.asl.json to the end; running the finished checkout again changes nothing', async () => {
  const { id } = await place('key-wf-0001');
  await workflows.start('checkout', id, { orderId: id });
  expect(await workflows.waitFor(id)).toMatchObject({ status: 'SUCCEEDED' });
  const before = h.snapshot();

  await workflows.start('checkout', `${id}-again`, { orderId: id });
  expect(await workflows.waitFor(`${id}-again`)).toMatchObject({ status: 'SUCCEEDED' });
  expect(h.snapshot()).toEqual(before);
  const recorded = await types(id);
  expect(recorded.slice(0, 4)).toEqual(['OrderPlaced', 'StockReserved', 'PaymentAuthorized', 'OrderConfirmed']);
  // The fan-out runs in parallel, so its facts may land in either order.
  expect(recorded.slice(4).sort()).toEqual(['ConfirmationSent', 'ShipmentRequested']);
  const states = (await workflows.history(id)).filter((e) => e.type === 'StateEntered').map((e) => e.stateName);
  expect(states).toEqual(expect.arrayContaining(['ReserveStock', 'AuthorizePayment', 'ConfirmOrder', 'Fulfil', 'SendConfirmation', 'GrantEntitlements', 'CreateShipment']));
});

it('a declined card is caught, compensated and ends the execution FAILED with the order FAILED', async () => {
  const { id } = await place('key-wf-0002', 'pm_card_chargeDeclinedInsufficientFunds');
  await workflows.start('checkout', id, { orderId: id });
  expect(await workflows.waitFor(id)).toMatchObject({ status: 'FAILED', failure: { error: 'CheckoutFailed' } });
  const order = (await h.deps.commands.load(orderDecider, orderStream(id))).state;
  expect(order).toMatchObject({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED' });
  const history = await workflows.history(id);
  expect(history.find((e) => e.type === 'StateCaught')).toMatchObject({ stateName: 'AuthorizePayment', detail: { next: 'Compensate' } });
});

it('an order cancelled before checkout runs ends the execution as cancelled, with nothing taken', async () => {
  const { id } = await place('key-wf-0003');
  await h.deps.commands.handle(orderDecider, orderStream(id), { type: 'CancelOrder', reason: 'changed my mind' });
  await workflows.start('checkout', id, { orderId: id });
  expect(await workflows.waitFor(id)).toMatchObject({ status: 'SUCCEEDED' });
  expect(await types(id)).toEqual(['OrderPlaced', 'OrderCancelled']);
  expect(h.payments.chargesFor(id)).toBe(0);
});
