import { describe, expect, it } from 'vitest';
import { fold } from '../../src/domain/decider';
import { entitlementDecider, type EntitlementEvent } from '../../src/domain/entitlement';
import { available, inventoryDecider, reservationsOf, type InventoryEvent } from '../../src/domain/inventory';
import { ORDER_TRANSITIONS, orderDecider, type OrderCommand, type OrderEvent, type PricedLine } from '../../src/domain/order';
import { given } from './given-when-then';

const address = { name: 'Alice', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
const tea: PricedLine = { sku: 'TEA', title: 'Sencha', kind: 'PHYSICAL', quantity: 2, unitPrice: { amount: 1200, currency: 'JPY' }, grantsVideoIds: [] };
const course: PricedLine = { sku: 'COURSE', title: 'Wagashi', kind: 'DIGITAL', quantity: 1, unitPrice: { amount: 2400, currency: 'JPY' }, grantsVideoIds: ['v1', 'v2'] };
const place = (lines: PricedLine[] = [tea], extra: Partial<Extract<OrderCommand, { type: 'PlaceOrder' }>> = {}): OrderCommand => ({
  type: 'PlaceOrder', orderId: 'o1', customerId: 'alice-sub', customerName: 'alice', lines, shippingAddress: address, paymentMethodId: 'pm_card_visa', ...extra,
});
const placed = (lines: PricedLine[] = [tea]) => orderDecider.decide(place(lines), orderDecider.initialState);

/** Runs commands in order, returning every event produced. */
function history(...commands: OrderCommand[]): OrderEvent[] {
  return commands.reduce<OrderEvent[]>((events, c) => [...events, ...orderDecider.decide(c, given(orderDecider, events).state)], []);
}
const confirmed = (lines: PricedLine[] = [tea]) =>
  history(place(lines), { type: 'RecordStockReserved' }, { type: 'RecordPaymentAuthorized', paymentId: 'pi_1' }, { type: 'ConfirmOrder', amountCaptured: 2400 });

describe('placing an order', () => {
  it('prices lines from what it is given and totals them', () => {
    const [event] = placed([tea, course]);
    expect(event).toMatchObject({
      type: 'OrderPlaced',
      data: { total: { amount: 4800, currency: 'JPY' }, lines: [{ sku: 'TEA', lineTotal: { amount: 2400, currency: 'JPY' } }, { sku: 'COURSE', lineTotal: { amount: 2400 } }] },
    });
  });

  it('is idempotent: placing an existing order appends nothing', () => {
    given(orderDecider, placed()).when(place()).then([]);
  });

  it.each([
    ['no lines', place([]), /at least one line/],
    ['quantity 0', place([{ ...tea, quantity: 0 }]), /quantity/],
    ['quantity 100', place([{ ...tea, quantity: 100 }]), /1 to 99/],
    ['fractional quantity', place([{ ...tea, quantity: 1.5 }]), /quantity/],
    ['two currencies', place([tea, { ...course, unitPrice: { amount: 10, currency: 'USD' } }]), /one currency/],
    ['a repeated sku', place([tea, tea]), /more than one line/],
    ['physical without address', place([tea], { shippingAddress: null }), /shipping address is required/],
    ['address without postal code', place([tea], { shippingAddress: { ...address, postalCode: ' ' } }), /postalCode/],
    ['a bad payment method', place([tea], { paymentMethodId: 'pm card' }), /paymentMethodId/],
    ['51 lines', place(Array.from({ length: 51 }, (_, i) => ({ ...tea, sku: `S${i}` }))), /at most 50 lines/],
  ])('refuses %s with ValidationError', (_name, command, message) => {
    given(orderDecider).when(command).thenThrows('ValidationError', message);
  });

  it('needs no address when every line is digital', () => {
    const [event] = orderDecider.decide(place([course], { shippingAddress: null }), orderDecider.initialState);
    expect(event?.type).toBe('OrderPlaced');
    expect(event?.data).not.toHaveProperty('shippingAddress');
  });
});

describe('checkout steps on the order stream', () => {
  it('records each step once: a repeat of a recorded step appends nothing', () => {
    const events = confirmed();
    for (const repeat of [
      { type: 'RecordStockReserved' },
      { type: 'RecordPaymentAuthorized', paymentId: 'pi_1' },
      { type: 'ConfirmOrder', amountCaptured: 2400 },
    ] as OrderCommand[])
      given(orderDecider, events).when(repeat).then([]);
    expect(given(orderDecider, events).state.status).toBe('CONFIRMED');
  });

  it('will not authorize before stock is reserved, nor confirm before payment', () => {
    given(orderDecider, placed()).when({ type: 'RecordPaymentAuthorized', paymentId: 'pi_1' }).thenThrows('Conflict', /reserved before payment/);
    given(orderDecider, history(place(), { type: 'RecordStockReserved' })).when({ type: 'ConfirmOrder', amountCaptured: 1 }).thenThrows('Conflict');
  });

  it('a second, different payment for the same order is refused', () => {
    const events = history(place(), { type: 'RecordStockReserved' }, { type: 'RecordPaymentAuthorized', paymentId: 'pi_1' });
    given(orderDecider, events).when({ type: 'RecordPaymentAuthorized', paymentId: 'pi_2' }).thenThrows('Conflict', /already has payment/);
  });

  it('moves to FULFILLING when a shipment is requested, and a digital-only order to DELIVERED once granted', () => {
    expect(given(orderDecider, confirmed()).when({ type: 'RecordShipmentRequested', shipmentId: 's1' }).then([{ type: 'ShipmentRequested', data: { shipmentId: 's1' } }]).status).toBe('FULFILLING');
    expect(given(orderDecider, confirmed([course])).when({ type: 'RecordEntitlementsGranted', videoIds: ['v1', 'v2'] }).then([{ type: 'EntitlementsGranted', data: { videoIds: ['v1', 'v2'] } }]).status).toBe('DELIVERED');
  });

  it('fails a placing order with its reason, once; a confirmed order cannot fail', () => {
    const failed = history(place(), { type: 'FailOrder', reason: 'OUT_OF_STOCK', detail: 'none left' });
    expect(given(orderDecider, failed).state).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK' });
    given(orderDecider, failed).when({ type: 'FailOrder', reason: 'OUT_OF_STOCK', detail: 'again' }).then([]);
    given(orderDecider, confirmed()).when({ type: 'FailOrder', reason: 'CHECKOUT_ERROR', detail: 'x' }).thenThrows('Conflict');
  });

  it('checkout steps stop once the order is cancelled', () => {
    const cancelled = history(place(), { type: 'CancelOrder', reason: 'changed my mind' });
    given(orderDecider, cancelled).when({ type: 'RecordStockReserved' }).thenThrows('Conflict', /CANCELLED/);
  });
});

describe('cancel and refund', () => {
  const shipped = () =>
    history(place(), { type: 'RecordStockReserved' }, { type: 'RecordPaymentAuthorized', paymentId: 'pi_1' }, { type: 'ConfirmOrder', amountCaptured: 2400 },
      { type: 'RecordShipmentRequested', shipmentId: 's1' }, { type: 'RecordShipped', shipmentId: 's1', carrier: 'Yamato', trackingNumber: 'T1' });

  it('cancels before shipment (placed, confirmed, fulfilling), once', () => {
    const fulfilling = [...confirmed(), ...orderDecider.decide({ type: 'RecordShipmentRequested', shipmentId: 's1' }, given(orderDecider, confirmed()).state)];
    for (const events of [placed(), confirmed(), fulfilling]) {
      const after = [...events, ...orderDecider.decide({ type: 'CancelOrder', reason: 'no' }, given(orderDecider, events).state)];
      expect(given(orderDecider, after).state.status).toBe('CANCELLED');
      given(orderDecider, after).when({ type: 'CancelOrder', reason: 'no' }).then([]);
    }
  });

  it('refuses to cancel after shipment, or a failed order', () => {
    given(orderDecider, shipped()).when({ type: 'CancelOrder', reason: 'no' }).thenThrows('Conflict', /already been shipped/);
    given(orderDecider, history(place(), { type: 'FailOrder', reason: 'PAYMENT_DECLINED', detail: 'x' })).when({ type: 'CancelOrder', reason: 'no' }).thenThrows('Conflict');
  });

  it('refunds only a paid order, once', () => {
    given(orderDecider, placed()).when({ type: 'RefundOrder', reason: 'r' }).thenThrows('Conflict', /only a paid order/);
    const refunded = [...shipped(), ...orderDecider.decide({ type: 'RefundOrder', reason: 'broken' }, given(orderDecider, shipped()).state)];
    expect(given(orderDecider, refunded).state.status).toBe('REFUNDED');
    given(orderDecider, refunded).when({ type: 'RefundOrder', reason: 'broken' }).then([]);
  });

  it('records each gateway refund once and keeps the running total', () => {
    const events = history(place(), { type: 'RecordStockReserved' }, { type: 'RecordPaymentAuthorized', paymentId: 'pi_1' }, { type: 'ConfirmOrder', amountCaptured: 2400 },
      { type: 'RecordRefund', refundId: 're_1', amount: { amount: 400, currency: 'JPY' } });
    given(orderDecider, events).when({ type: 'RecordRefund', refundId: 're_1', amount: { amount: 400, currency: 'JPY' } }).then([]);
    expect(given(orderDecider, events).state.refunded).toBe(400);
  });

  it('the transition table ends in FAILED, CANCELLED and REFUNDED', () => {
    expect(ORDER_TRANSITIONS.FAILED).toEqual([]);
    expect(ORDER_TRANSITIONS.CANCELLED).toEqual([]);
    expect(ORDER_TRANSITIONS.REFUNDED).toEqual([]);
    expect(ORDER_TRANSITIONS.SHIPPED).not.toContain('CANCELLED');
  });
});

describe('reservation rules (inventory stream)', () => {
  const stocked: InventoryEvent[] = [{ type: 'StockAdjusted', data: { delta: 3, reason: 'received', onHand: 3 } }];

  it('reserves per order once, refuses beyond what is available, and a release gives it back', () => {
    const first = given(inventoryDecider, stocked).when({ type: 'ReserveStock', orderId: 'o1', quantity: 2 }).then([{ type: 'StockReserved', data: { orderId: 'o1', quantity: 2 } }]);
    const after: InventoryEvent[] = [...stocked, { type: 'StockReserved', data: { orderId: 'o1', quantity: 2 } }];
    expect(reservationsOf(first)).toEqual({ o1: 2 });
    expect(available(first)).toBe(1);
    given(inventoryDecider, after).when({ type: 'ReserveStock', orderId: 'o1', quantity: 2 }).then([]);
    given(inventoryDecider, after).when({ type: 'ReserveStock', orderId: 'o2', quantity: 2 }).thenThrows('OutOfStock', /only 1 left/);
    const released: InventoryEvent[] = [...after, { type: 'StockReleased', data: { orderId: 'o1', quantity: 2, reason: 'failed' } }];
    given(inventoryDecider, released).when({ type: 'ReleaseStock', orderId: 'o1', reason: 'again' }).then([]);
    given(inventoryDecider, released).when({ type: 'ReserveStock', orderId: 'o2', quantity: 3 }).then([{ type: 'StockReserved', data: { orderId: 'o2', quantity: 3 } }]);
  });

  it('keeps the reserved total with each reservation, release and commit, and leaves earlier states as they were', () => {
    const many: InventoryEvent[] = [{ type: 'StockAdjusted', data: { delta: 1000, reason: 'received', onHand: 1000 } }];
    for (let i = 0; i < 300; i++) many.push({ type: 'StockReserved', data: { orderId: `o${i}`, quantity: 2 } });
    const busy = fold(inventoryDecider, many);
    expect(available(busy)).toBe(400);
    const released = inventoryDecider.evolve(busy, { type: 'StockReleased', data: { orderId: 'o7', quantity: 2, reason: 'failed' } });
    const committed = inventoryDecider.evolve(busy, { type: 'StockCommitted', data: { orderId: 'o8', quantity: 2 } });
    expect([released.onHand, available(released), Object.keys(reservationsOf(released))]).toEqual([1000, 402, expect.not.arrayContaining(['o7'])]);
    expect([committed.onHand, available(committed), reservationsOf(committed).o8]).toEqual([998, 400, undefined]);
    // Both came from `busy`, which still holds all 300.
    expect([available(busy), reservationsOf(busy).o7, reservationsOf(busy).o8, Object.keys(reservationsOf(busy))]).toEqual([400, 2, 2, expect.any(Array)]);
    expect(Object.keys(reservationsOf(busy))).toHaveLength(300);
    given(inventoryDecider, many).when({ type: 'ReserveStock', orderId: 'o299', quantity: 2 }).then([]);
    given(inventoryDecider, many).when({ type: 'ReserveStock', orderId: 'new', quantity: 401 }).thenThrows('OutOfStock', /only 400 left/);
  });
});

describe('entitlements', () => {
  const granted: EntitlementEvent[] = [
    { type: 'EntitlementGranted', data: { videoId: 'v1', orderId: 'o1' } },
    { type: 'EntitlementGranted', data: { videoId: 'v1', orderId: 'o2' } },
  ];

  it('grants each video once per order', () => {
    given(entitlementDecider, granted).when({ type: 'GrantEntitlements', orderId: 'o1', videoIds: ['v1', 'v2', 'v2'] })
      .then([{ type: 'EntitlementGranted', data: { videoId: 'v2', orderId: 'o1' } }]);
  });

  it('revoking one order keeps a video another order still grants', () => {
    const state = given(entitlementDecider, granted).when({ type: 'RevokeEntitlements', orderId: 'o1', reason: 'refund' })
      .then([{ type: 'EntitlementRevoked', data: { videoId: 'v1', orderId: 'o1', reason: 'refund' } }]);
    expect(state.grants).toEqual({ v1: ['o2'] });
  });
});
