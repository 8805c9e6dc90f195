import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { CommandHandler } from '../../src/app/command-handler';
import { shipmentFollowsOrder } from '../../src/app/fulfilment/shipment-follows-order';
import { shipmentIdForOrder } from '../../src/app/fulfilment/shipment-id';
import { orderDecider, orderStream, type OrderCommand } from '../../src/domain/order';
import { shipmentDecider, shipmentStream, type ShipmentCommand } from '../../src/domain/shipment';

const address = { name: 'Alice', line1: '1 Main St', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
const mug = { sku: 'MUG', title: 'Mug', kind: 'PHYSICAL' as const, quantity: 1, unitPrice: { amount: 3800, currency: 'JPY' }, grantsVideoIds: [] };

let db: SqliteDb;
let events: SqliteEventStore;
let commands: CommandHandler;
let warnings: string[];

beforeEach(() => {
  db = openDatabase(':memory:');
  events = new SqliteEventStore(db);
  commands = new CommandHandler(events, { now: () => new Date('2026-11-25T10:00:00Z') });
  warnings = [];
});
afterEach(async () => {
  await events.close();
  db.close();
});

const order = (orderId: string, command: OrderCommand) => commands.handle(orderDecider, orderStream(orderId), command);
const shipment = (orderId: string, command: ShipmentCommand) =>
  commands.handle(shipmentDecider, shipmentStream(shipmentIdForOrder(orderId)), command);

async function paidOrder(orderId: string) {
  await order(orderId, { type: 'PlaceOrder', orderId, customerId: 'alice', customerName: 'Alice', lines: [mug], shippingAddress: address, paymentMethodId: 'pm_card_visa' });
  await order(orderId, { type: 'RecordStockReserved' });
  await order(orderId, { type: 'RecordPaymentAuthorized', paymentId: `pay-${orderId}` });
  await order(orderId, { type: 'ConfirmOrder', amountCaptured: 3800 });
}

const createShipment = (orderId: string) =>
  shipment(orderId, {
    type: 'CreateShipment',
    shipmentId: shipmentIdForOrder(orderId),
    orderId,
    customerId: 'alice',
    address,
    lines: [{ sku: 'MUG', title: 'Mug', quantity: 1 }],
  });

const shipmentHistory = async (orderId: string) =>
  (await events.readStream(shipmentStream(shipmentIdForOrder(orderId)))).map((e) => e.type);

async function reactOnAll() {
  const reactor = shipmentFollowsOrder({ commands, shipmentIdForOrder, warn: (m) => warnings.push(m) });
  await reactor.react(await events.readAll(0, 1000));
  return reactor;
}

describe('the shipment follows its order when the order ends', () => {
  it('cancels an unshipped shipment when its order is cancelled, once even if run twice', async () => {
    await paidOrder('o1');
    await createShipment('o1');
    await order('o1', { type: 'RecordShipmentRequested', shipmentId: shipmentIdForOrder('o1') });
    await order('o1', { type: 'CancelOrder', reason: 'changed my mind' });

    const reactor = await reactOnAll();
    await reactor.react(await events.readAll(0, 1000));

    expect(await shipmentHistory('o1')).toEqual(['ShipmentInstructed', 'ShipmentCancelled']);
    const [, cancelled] = await events.readStream(shipmentStream(shipmentIdForOrder('o1')));
    expect(cancelled?.data).toMatchObject({ orderId: 'o1', reason: 'the order was cancelled' });
    expect(warnings).toEqual([]);
  });

  it('cancels a shipment created just after its order was cancelled (CreateShipment racing cancelOrder)', async () => {
    await paidOrder('o2');
    await order('o2', { type: 'CancelOrder', reason: 'changed my mind' });
    await createShipment('o2');

    await reactOnAll();

    expect(await shipmentHistory('o2')).toEqual(['ShipmentInstructed', 'ShipmentCancelled']);
  });

  it('cancels an unshipped shipment on refund, but leaves a shipped one alone', async () => {
    for (const id of ['o3', 'o4']) {
      await paidOrder(id);
      await createShipment(id);
      await order(id, { type: 'RecordShipmentRequested', shipmentId: shipmentIdForOrder(id) });
    }
    await shipment('o4', { type: 'ShipShipment', carrier: 'Yamato', trackingNumber: 'T-4' });
    await order('o3', { type: 'RefundOrder', reason: 'out of patience' });
    await order('o4', { type: 'RefundOrder', reason: 'arrived broken' });

    await reactOnAll();

    expect(await shipmentHistory('o3')).toEqual(['ShipmentInstructed', 'ShipmentCancelled']);
    expect(await shipmentHistory('o4')).toEqual(['ShipmentInstructed', 'ShipmentShipped']);
    expect(warnings).toEqual([]);
  });

  it('does nothing for an order that never had a shipment', async () => {
    await order('o5', { type: 'PlaceOrder', orderId: 'o5', customerId: 'alice', customerName: 'Alice', lines: [mug], shippingAddress: address, paymentMethodId: 'pm_card_visa' });
    await order('o5', { type: 'CancelOrder', reason: 'no' });
    await reactOnAll();
    expect(await shipmentHistory('o5')).toEqual([]);
  });
});
