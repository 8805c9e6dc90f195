import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { CommandHandler } from '../../src/app/command-handler';
import { CheckpointedReactor, type Reactor } from '../../src/app/fulfilment/checkpointed-reactor';
import { orderFollowsShipment } from '../../src/app/fulfilment/order-follows-shipment';
import { orderShipmentSteps } from '../../src/app/fulfilment/order-shipment-steps';
import { shipmentIdForOrder } from '../../src/app/fulfilment/shipment-id';
import { orderDecider, orderStream, type OrderCommand } from '../../src/domain/order';
import { inventoryDecider, inventoryStream, reservationsOf } from '../../src/domain/inventory';
import { shipmentDecider, shipmentStream, type ShipmentCommand } from '../../src/domain/shipment';
import type { StoredEvent } from '../../src/ports/event-store';

const address = { name: 'Alice', line1: '1 Main St', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };

let db: SqliteDb;
let events: SqliteEventStore;
let commands: CommandHandler;

beforeEach(() => {
  db = openDatabase(':memory:');
  events = new SqliteEventStore(db);
  commands = new CommandHandler(events, { now: () => new Date('2026-11-25T10:00:00Z') });
});
afterEach(async () => {
  await events.close();
  db.close();
});

const shipment = (id: string, command: ShipmentCommand) => commands.handle(shipmentDecider, shipmentStream(id), command);

async function stockFor(sku: string, onHand: number, reservations: Record<string, number>) {
  await commands.handle(inventoryDecider, inventoryStream(sku), { type: 'AdjustStock', delta: onHand, reason: 'received' });
  for (const [orderId, quantity] of Object.entries(reservations))
    await commands.handle(inventoryDecider, inventoryStream(sku), { type: 'ReserveStock', orderId, quantity });
}

const inventory = async (sku: string) => {
  const { state } = await commands.load(inventoryDecider, inventoryStream(sku));
  return { onHand: state.onHand, reservations: reservationsOf(state) };
};
const typesOf = async (stream: string) => (await events.readStream(stream)).map((e) => e.type);

const mug = { sku: 'MUG', title: 'Mug', kind: 'PHYSICAL' as const, quantity: 2, unitPrice: { amount: 3800, currency: 'JPY' }, grantsVideoIds: [] };
const tea = { ...mug, sku: 'TEA', title: 'Tea', quantity: 3, unitPrice: { amount: 1200, currency: 'JPY' } };
const sid = shipmentIdForOrder('o1');

const order = (command: OrderCommand) => commands.handle(orderDecider, orderStream('o1'), command);
const orderHistory = async () => (await events.readStream(orderStream('o1'))).map((e) => e.type);

async function paidOrderWithShipment(recordRequested = true) {
  await order({ type: 'PlaceOrder', orderId: 'o1', customerId: 'alice', customerName: 'Alice', lines: [mug, tea], shippingAddress: address, paymentMethodId: 'pm_card_visa' });
  await order({ type: 'RecordStockReserved' });
  await order({ type: 'RecordPaymentAuthorized', paymentId: 'pay-1' });
  await order({ type: 'ConfirmOrder', amountCaptured: 11_200 });
  await shipment(sid, {
    type: 'CreateShipment',
    shipmentId: sid,
    orderId: 'o1',
    customerId: 'alice',
    address,
    lines: [
      { sku: 'MUG', title: 'Mug', quantity: 2 },
      { sku: 'TEA', title: 'Tea', quantity: 3 },
    ],
  });
  if (recordRequested) await order({ type: 'RecordShipmentRequested', shipmentId: sid });
}

describe('order follows shipment', () => {
  let warnings: string[];
  const reactor = () => orderFollowsShipment({ commands, order: orderShipmentSteps(commands), warn: (m) => warnings.push(m) });

  beforeEach(async () => {
    warnings = [];
    await stockFor('MUG', 10, { o1: 2, o2: 1 });
    await stockFor('TEA', 5, { o1: 3 });
  });

  it('ships the order with carrier and tracking and commits its reservations once, even when the batch is delivered twice', async () => {
    await paidOrderWithShipment();
    await shipment(sid, { type: 'AcknowledgeShipment' });
    await shipment(sid, { type: 'ShipShipment', carrier: 'Yamato', trackingNumber: 'T-1' });
    const log = await events.readAll(0, 1000);

    await reactor().react(log);
    await reactor().react(log);

    expect(await typesOf(inventoryStream('MUG'))).toEqual(['StockAdjusted', 'StockReserved', 'StockReserved', 'StockCommitted']);
    expect(await typesOf(inventoryStream('TEA'))).toEqual(['StockAdjusted', 'StockReserved', 'StockCommitted']);
    expect(await inventory('MUG')).toEqual({ onHand: 8, reservations: { o2: 1 } });
    expect(await inventory('TEA')).toEqual({ onHand: 2, reservations: {} });
    const shipped = (await events.readStream(orderStream('o1'))).filter((e) => e.type === 'OrderShipped');
    expect(shipped.map((e) => e.data)).toEqual([{ shipmentId: sid, carrier: 'Yamato', trackingNumber: 'T-1' }]);
    expect((await commands.load(orderDecider, orderStream('o1'))).state.status).toBe('SHIPPED');
    expect(warnings).toEqual([]);
  });

  it('changes nothing before the shipment ships, then follows it to DELIVERED', async () => {
    await paidOrderWithShipment();
    await shipment(sid, { type: 'AcknowledgeShipment' });
    await reactor().react(await events.readAll(0, 1000));
    expect(await inventory('MUG')).toEqual({ onHand: 10, reservations: { o1: 2, o2: 1 } });
    expect((await commands.load(orderDecider, orderStream('o1'))).state.status).toBe('FULFILLING');

    const before = (await events.readAll(0, 1000)).at(-1)!.position;
    await shipment(sid, { type: 'ShipShipment', carrier: 'Sagawa', trackingNumber: 'S-9' });
    await shipment(sid, { type: 'MarkDelivered' });
    await reactor().react(await events.readAll(before, 1000));
    expect((await orderHistory()).slice(-3)).toEqual(['ShipmentRequested', 'OrderShipped', 'OrderDelivered']);
    expect((await commands.load(orderDecider, orderStream('o1'))).state.status).toBe('DELIVERED');
    expect((await inventory('MUG')).onHand).toBe(8);
  });

  it('records the shipment on an order that had not recorded it yet, then ships it', async () => {
    await paidOrderWithShipment(false);
    await shipment(sid, { type: 'ShipShipment', carrier: 'Yamato', trackingNumber: 'T-2' });
    await reactor().react(await events.readAll(0, 1000));
    expect((await orderHistory()).slice(-2)).toEqual(['ShipmentRequested', 'OrderShipped']);
  });

  it('reports a refusal by the order and carries on; other failures make the batch retry', async () => {
    await paidOrderWithShipment();
    await order({ type: 'CancelOrder', reason: 'test: cancelled behind the shipment’s back' });
    await shipment(sid, { type: 'ShipShipment', carrier: 'Yamato', trackingNumber: 'T-1' });
    await reactor().react(await events.readAll(0, 1000));
    expect(warnings).toEqual([expect.stringMatching(/ShipmentShipped of shipment-.*order o1 is CANCELLED/)]);

    const broken = orderFollowsShipment({
      commands,
      order: {
        shipped: async () => {
          throw new Error('database is locked');
        },
        delivered: async () => undefined,
      },
    });
    await expect(broken.react(await events.readAll(0, 1000))).rejects.toThrow('database is locked');
  });
});

describe('checkpointed reactor', () => {
  it('resumes after the last batch it finished when started again', async () => {
    const read = new SqliteReadStore(db);
    const seen: string[] = [];
    const counting: Reactor = {
      name: 'counting',
      react: async (batch: readonly StoredEvent[]) => {
        for (const e of batch) seen.push(`${e.streamId}@${e.version}`);
      },
    };
    await stockFor('MUG', 1, {});
    const first = new CheckpointedReactor(events, read, counting);
    await first.start();
    await first.settled(1);
    await first.stop();
    expect(await read.getCheckpoint('reactor:counting')).toBe(1);

    await stockFor('TEA', 1, {});
    const second = new CheckpointedReactor(events, read, counting);
    await second.start();
    await second.settled(2);
    await second.stop();
    expect(seen).toEqual(['inventory-MUG@1', 'inventory-TEA@1']);
  });
});
