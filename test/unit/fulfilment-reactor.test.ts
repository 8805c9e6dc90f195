import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { CommandHandler } from '../../src/app/command-handler';
import { CheckpointedReactor, type Reactor } from '../../src/app/fulfilment/checkpointed-reactor';
import { orderFollowsShipment, type OrderShipmentSteps } from '../../src/app/fulfilment/order-follows-shipment';
import { DomainError } from '../../src/domain/errors';
import { inventoryDecider, inventoryStream } from '../../src/domain/inventory';
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

const inventory = async (sku: string) => (await commands.load(inventoryDecider, inventoryStream(sku))).state;
const typesOf = async (stream: string) => (await events.readStream(stream)).map((e) => e.type);

/** Records what the order side was asked to do. */
function recordingOrder(): OrderShipmentSteps & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async shipped(orderId, s) {
      calls.push(`shipped ${orderId} ${s.shipmentId} ${s.carrier} ${s.trackingNumber}`);
    },
    async delivered(orderId, s) {
      calls.push(`delivered ${orderId} ${s.shipmentId}`);
    },
  };
}

describe('order follows shipment', () => {
  beforeEach(async () => {
    await stockFor('MUG', 10, { o1: 2, o2: 1 });
    await stockFor('TEA', 5, { o1: 3 });
    await shipment('s1', {
      type: 'CreateShipment',
      shipmentId: 's1',
      orderId: 'o1',
      customerId: 'alice',
      address,
      lines: [
        { sku: 'MUG', title: 'Mug', quantity: 2 },
        { sku: 'TEA', title: 'Tea', quantity: 3 },
      ],
    });
  });

  it('commits the order’s reservations once on SHIPPED, even when the batch is delivered twice', async () => {
    await shipment('s1', { type: 'AcknowledgeShipment' });
    await shipment('s1', { type: 'ShipShipment', carrier: 'Yamato', trackingNumber: 'T-1' });
    const order = recordingOrder();
    const reactor = orderFollowsShipment({ commands, order });
    const log = await events.readAll(0, 1000);

    await reactor.react(log);
    await reactor.react(log);

    expect(await typesOf(inventoryStream('MUG'))).toEqual(['StockAdjusted', 'StockReserved', 'StockReserved', 'StockCommitted']);
    expect(await typesOf(inventoryStream('TEA'))).toEqual(['StockAdjusted', 'StockReserved', 'StockCommitted']);
    expect(await inventory('MUG')).toEqual({ onHand: 8, reservations: { o2: 1 } });
    expect(await inventory('TEA')).toEqual({ onHand: 2, reservations: {} });
    expect(order.calls).toEqual(['shipped o1 s1 Yamato T-1', 'shipped o1 s1 Yamato T-1']);
  });

  it('commits nothing before the shipment ships, and follows delivery', async () => {
    const order = recordingOrder();
    const reactor = orderFollowsShipment({ commands, order });
    await shipment('s1', { type: 'AcknowledgeShipment' });
    await reactor.react(await events.readAll(0, 1000));
    expect(await inventory('MUG')).toEqual({ onHand: 10, reservations: { o1: 2, o2: 1 } });
    expect(order.calls).toEqual([]);

    const before = (await events.readAll(0, 1000)).at(-1)!.position;
    await shipment('s1', { type: 'ShipShipment', carrier: 'Sagawa', trackingNumber: 'S-9' });
    await shipment('s1', { type: 'MarkDelivered' });
    await reactor.react(await events.readAll(before, 1000));
    expect(order.calls).toEqual(['shipped o1 s1 Sagawa S-9', 'delivered o1 s1']);
    expect((await inventory('MUG')).onHand).toBe(8);
  });

  it('reports a refusal by the order side and carries on; other failures make the batch retry', async () => {
    await shipment('s1', { type: 'ShipShipment', carrier: 'Yamato', trackingNumber: 'T-1' });
    const warnings: string[] = [];
    const refusing = orderFollowsShipment({
      commands,
      warn: (m) => warnings.push(m),
      order: {
        shipped: async () => {
          throw new DomainError('Conflict', 'order o1 is CANCELLED');
        },
        delivered: async () => undefined,
      },
    });
    await refusing.react(await events.readAll(0, 1000));
    expect(warnings).toEqual([expect.stringMatching(/ShipmentShipped of shipment-s1 .*order o1 is CANCELLED/)]);

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
