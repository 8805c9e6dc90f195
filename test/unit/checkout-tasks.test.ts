import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryDecider, inventoryStream, reservationsOf } from '../../src/domain/inventory';
import { orderDecider, orderStream } from '../../src/domain/order';
import { orderKeyDecider } from '../../src/domain/order-key';
import { orderKeyOf } from '../../src/app/checkout/order-id';
import { Checkout } from '../../src/app/checkout/checkout';
import { CommandHandler } from '../../src/app/command-handler';
import { systemClock } from '../../src/ports/clock';
import { ADDRESS, checkoutHarness, type CheckoutHarness } from '../support/checkout-harness';

let h: CheckoutHarness;
const customer = { customerId: 'alice-sub', name: 'alice', actor: 'user:alice-sub' };

beforeEach(async () => {
  h = await checkoutHarness();
  await h.product('TEA', { title: '煎茶' }, 5);
  await h.product('COURSE', { kind: 'DIGITAL', grantsVideoIds: ['v1', 'v2'], price: { amount: 2400, currency: 'JPY' } }, 5);
});
afterEach(() => h.close());

const place = (key: string, paymentMethodId = 'pm_card_visa', quantity = 2) =>
  h.checkout.placeOrder(
    { idempotencyKey: key, lines: [{ sku: 'TEA', quantity }, { sku: 'COURSE', quantity: 1 }], paymentMethodId, shippingAddress: ADDRESS },
    customer,
  );

const fresh = () => new CommandHandler(h.events, systemClock);
const orderState = async (id: string) => (await fresh().load(orderDecider, orderStream(id))).state;
const stock = async (sku: string) => {
  const { state } = await fresh().load(inventoryDecider, inventoryStream(sku));
  return { onHand: state.onHand, reservations: reservationsOf(state) };
};

const STAGES = [
  'ReserveStockFunctionArn',
  'AuthorizePaymentFunctionArn',
  'ConfirmOrderFunctionArn',
  'SendConfirmationFunctionArn',
  'GrantEntitlementsFunctionArn',
  'CreateShipmentFunctionArn',
] as const;

describe('each checkout task, run twice, acts once', () => {
  it('every stage of a successful checkout: the second run (a fresh process) changes nothing', async () => {
    const order = await place('key-success-1');
    const input = { orderId: order.id };
    for (const stage of STAGES) {
      const before = h.snapshot();
      expect(await h.tasks[stage]!(input), stage).toMatchObject({ outcome: 'done' });
      const after = h.snapshot();
      expect(after, `${stage} changed something`).not.toEqual(before);
      expect(await h.freshTasks()[stage]!(input), stage).toMatchObject({ outcome: 'skipped' });
      expect(await h.tasks[stage]!(input), stage).toMatchObject({ outcome: 'skipped' });
      expect(h.snapshot(), `${stage} run twice`).toEqual(after);
    }
    const state = await orderState(order.id);
    expect(state).toMatchObject({ status: 'FULFILLING', confirmed: true, confirmationSent: true, entitlementsGranted: true, shipmentId: `shp-${order.id}` });
    expect(h.payments.chargesFor(order.id)).toBe(1);
    expect(h.mailer.sent()).toHaveLength(1);
    expect(await stock('TEA')).toEqual({ onHand: 5, reservations: { [order.id]: 2 } });
    expect(await stock('COURSE')).toEqual({ onHand: 4, reservations: {} });
  });

  it('placeOrder with the same key returns the same order and appends nothing', async () => {
    const first = await place('key-repeat-1');
    const before = h.snapshot();
    const again = await place('key-repeat-1');
    expect(again.id).toBe(first.id);
    expect(h.snapshot()).toEqual(before);
    expect(h.started).toEqual([first.id, first.id]);
  });

  it('placeOrder with the same key at the same moment places one order', async () => {
    const [a, b, c] = await Promise.all([place('key-race-1'), place('key-race-1'), place('key-race-1')]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(await orderState(a.id)).toMatchObject({ exists: true });
    expect((await stock('TEA')).reservations).toEqual({});
    const other = await h.checkout.placeOrder(
      { idempotencyKey: 'key-race-1', lines: [{ sku: 'TEA', quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS },
      { customerId: 'bob-sub', name: 'bob', actor: 'user:bob-sub' },
    );
    expect(other.id, "another customer's key names another order").not.toBe(a.id);
  });

  it('a key claimed by a request that stopped before placing its order: the repeat places that order, once', async () => {
    const key = orderKeyOf(customer.customerId, 'key-claimed-1').stream;
    await fresh().handle(orderKeyDecider, key, { type: 'ClaimOrderKey', orderId: 'claimed-order-1' });
    const placed = await place('key-claimed-1');
    expect(placed.id).toBe('claimed-order-1');
    expect(await orderState('claimed-order-1')).toMatchObject({ exists: true, status: 'PLACED' });
    const before = h.snapshot();
    expect((await place('key-claimed-1')).id).toBe('claimed-order-1');
    expect(h.snapshot()).toEqual(before);
  });

  it('a key used before order ids were time-ordered still finds the order it placed then', async () => {
    const legacyId = orderKeyOf(customer.customerId, 'key-legacy-1').legacyOrderId;
    await fresh().handle(orderDecider, orderStream(legacyId), {
      type: 'PlaceOrder', orderId: legacyId, customerId: customer.customerId, customerName: customer.name,
      lines: [{ sku: 'TEA', title: 'TEA', kind: 'PHYSICAL', quantity: 1, unitPrice: { amount: 1000, currency: 'JPY' }, grantsVideoIds: [] }],
      shippingAddress: ADDRESS, paymentMethodId: 'pm_card_visa',
    });
    const before = h.snapshot();
    expect((await place('key-legacy-1')).id).toBe(legacyId);
    expect(h.snapshot()).toEqual(before);
    expect(h.started).toEqual([legacyId]);
  });

  it('a refused placeOrder records nothing, not even its key: the corrected request places the order', async () => {
    const before = h.snapshot();
    await expect(place('key-refused-1', 'pm_not_a_card_id!')).rejects.toMatchObject({ errorType: 'ValidationError' });
    expect(h.snapshot()).toEqual(before);
    const placed = await place('key-refused-1');
    expect(placed.status).toBe('PLACED');
  });

  it('an order whose execution never started (stopped between append and start) is started at the next start-up', async () => {
    const failing = new Checkout({ ...h.deps, workflows: { ...h.deps.workflows, start: async () => { throw new Error('shutting down'); } } });
    await expect(failing.placeOrder(
      { idempotencyKey: 'key-no-start-1', lines: [{ sku: 'TEA', quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS }, customer,
    )).rejects.toThrow('shutting down');
    expect(h.started).toEqual([]);
    const [id] = await h.checkout.startMissingExecutions();
    expect(id).toBeDefined();
    expect(h.started).toEqual([id]);
    expect(await h.checkout.startMissingExecutions()).toEqual([]);
  });

  it('a declined card: AuthorizePayment fails the same way twice, Compensate fails the order once and gives the stock back', async () => {
    const order = await place('key-declined-1', 'pm_card_chargeDeclined');
    const input = { orderId: order.id };
    await h.tasks.ReserveStockFunctionArn!(input);
    await expect(h.tasks.AuthorizePaymentFunctionArn!(input)).rejects.toMatchObject({ errorType: 'PaymentDeclined' });
    const afterDecline = h.snapshot();
    await expect(h.freshTasks().AuthorizePaymentFunctionArn!(input)).rejects.toMatchObject({ errorType: 'PaymentDeclined' });
    expect(h.snapshot()).toEqual(afterDecline);

    const error = { Error: 'PaymentDeclined', Cause: 'Your card was declined.' };
    expect(await h.tasks.CompensateOrderFunctionArn!({ ...input, error })).toMatchObject({ outcome: 'done', status: 'FAILED' });
    const compensated = h.snapshot();
    await h.freshTasks().CompensateOrderFunctionArn!({ ...input, error });
    expect(h.snapshot()).toEqual(compensated);
    expect(await orderState(order.id)).toMatchObject({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED' });
    expect((await stock('TEA')).reservations).toEqual({});
    expect(h.payments.chargesFor(order.id)).toBe(0);
  });

  it('out of stock: ReserveStock refuses twice without a second reservation; Compensate releases what one line had reserved', async () => {
    const order = await place('key-oos-1');
    // Someone else takes every course seat while this order waits: its tea is reserved, the course is not.
    await fresh().handle(inventoryDecider, inventoryStream('COURSE'), { type: 'ReserveStock', orderId: 'other', quantity: 5 });
    const input = { orderId: order.id };
    await expect(h.tasks.ReserveStockFunctionArn!(input)).rejects.toMatchObject({ errorType: 'OutOfStock' });
    const after = h.snapshot();
    await expect(h.freshTasks().ReserveStockFunctionArn!(input)).rejects.toMatchObject({ errorType: 'OutOfStock' });
    expect(h.snapshot()).toEqual(after);
    expect((await stock('TEA')).reservations).toEqual({ [order.id]: 2 });
    await h.tasks.CompensateOrderFunctionArn!({ ...input, error: { Error: 'OutOfStock', Cause: 'only 0 left' } });
    expect(await orderState(order.id)).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK' });
    expect((await stock('TEA')).reservations).toEqual({});
    expect((await stock('COURSE')).reservations).toEqual({ other: 5 });
  });

  it('Compensate after a capture that was never recorded refunds it, once', async () => {
    const order = await place('key-capture-1');
    const input = { orderId: order.id };
    await h.tasks.ReserveStockFunctionArn!(input);
    await h.tasks.AuthorizePaymentFunctionArn!(input);
    const { paymentId } = await orderState(order.id);
    await h.payments.capture({ paymentId: paymentId!, idempotencyKey: `order-${order.id}-capture` });
    await h.tasks.CompensateOrderFunctionArn!({ ...input, error: { Error: 'States.Timeout', Cause: 'timed out' } });
    await h.freshTasks().CompensateOrderFunctionArn!({ ...input, error: { Error: 'States.Timeout', Cause: 'timed out' } });
    const [payment] = h.payments.paymentsFor(order.id);
    expect(payment).toMatchObject({ status: 'captured', amountRefunded: payment!.amountCaptured });
    expect(h.snapshot().refunds).toBe(1);
    expect(await orderState(order.id)).toMatchObject({ status: 'FAILED', failureReason: 'CHECKOUT_ERROR' });
  });
});
