import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { CommandHandler } from '../../src/app/command-handler';
import { Fulfilment } from '../../src/app/fulfilment/fulfilment';
import { shipmentIdForOrder } from '../../src/app/fulfilment/shipment-id';
import { Projector } from '../../src/app/projector';
import { shipmentsProjection, SHIPMENT_UPDATED } from '../../src/app/projections/shipments';
import { Tables } from '../../src/app/read-models';
import type { Publisher } from '../../src/ports/publisher';

const address = { name: 'Alice', line1: '1 Main St', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
const lines = [{ sku: 'MUG', title: 'Mug', quantity: 1 }];

let db: SqliteDb;
let events: SqliteEventStore;
let read: SqliteReadStore;
let projector: Projector;
let fulfilment: Fulfilment;
let pushed: { mutation: string; id: unknown; status: unknown }[];

beforeEach(async () => {
  db = openDatabase(':memory:');
  events = new SqliteEventStore(db);
  read = new SqliteReadStore(db);
  pushed = [];
  const publisher: Publisher = { publish: async (mutation, p) => void pushed.push({ mutation, id: p.id, status: p.status }) };
  projector = new Projector(events, read, publisher, [shipmentsProjection]);
  await projector.start();
  const commands = new CommandHandler(events, { now: () => new Date() });
  fulfilment = new Fulfilment({ commands, read, settled: (p) => projector.settled(p), shipmentIdForOrder });
});
afterEach(async () => {
  await projector.stop();
  await events.close();
  db.close();
});

const create = (id: string) => fulfilment.createShipment({ shipmentId: id, orderId: `o-${id}`, customerId: 'alice', address, lines });

describe('shipments read model', () => {
  it('lists by status (oldest first), pushes every change, and ignores events it has already applied', async () => {
    await create('a');
    await create('b');
    await create('c');
    await fulfilment.acknowledge('b', 'user:wendy');
    const shippedB = await fulfilment.ship('b', 'Yamato', 'T-1', 'user:wendy');
    await fulfilment.acknowledge('c', 'user:wendy');

    expect(shippedB).toMatchObject({ id: 'b', orderId: 'o-b', status: 'SHIPPED', carrier: 'Yamato', trackingNumber: 'T-1', address, lines });
    expect((await fulfilment.shipments('INSTRUCTED')).map((s) => s.id)).toEqual(['a']);
    expect((await fulfilment.shipments('ACKNOWLEDGED')).map((s) => s.id)).toEqual(['c']);
    expect((await fulfilment.shipments()).map((s) => [s.id, s.status])).toEqual([
      ['a', 'INSTRUCTED'],
      ['b', 'SHIPPED'],
      ['c', 'ACKNOWLEDGED'],
    ]);
    expect(pushed.map((p) => `${p.mutation} ${p.id} ${p.status}`)).toEqual([
      `${SHIPMENT_UPDATED} a INSTRUCTED`,
      `${SHIPMENT_UPDATED} b INSTRUCTED`,
      `${SHIPMENT_UPDATED} c INSTRUCTED`,
      `${SHIPMENT_UPDATED} b ACKNOWLEDGED`,
      `${SHIPMENT_UPDATED} b SHIPPED`,
      `${SHIPMENT_UPDATED} c ACKNOWLEDGED`,
    ]);

    const before = (await read.list(Tables.shipments)).items;
    for (const event of await events.readAll(0, 1000)) expect(await shipmentsProjection.apply(event, read)).toEqual([]);
    expect((await read.list(Tables.shipments)).items).toEqual(before);
  });

  it('a repeated command changes nothing and a refused one leaves the row as it was', async () => {
    await create('a');
    await fulfilment.ship('a', 'Yamato', 'T-1', 'user:wendy');
    const row = await fulfilment.shipment('a');
    expect(await fulfilment.ship('a', 'Yamato', 'T-1', 'user:wendy')).toEqual(row);
    await expect(fulfilment.ship('a', 'Sagawa', 'OTHER', 'user:wendy')).rejects.toMatchObject({ errorType: 'Conflict' });
    await expect(fulfilment.acknowledge('nope', 'user:wendy')).rejects.toMatchObject({ errorType: 'NotFound' });
    await expect(fulfilment.ship('a', '', 'T-1', 'user:wendy')).rejects.toMatchObject({ errorType: 'ValidationError' });
    expect(await fulfilment.shipment('a')).toEqual(row);
    expect(pushed).toHaveLength(2);
  });
});
