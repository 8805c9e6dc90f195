import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../src/adapters/aws/dynamo-event-store';
import { DynamoReadStore } from '../../src/adapters/aws/dynamo-read-store';
import { Projector } from '../../src/app/projector';
import { productsProjection } from '../../src/app/projections/products';
import { Tables, type ProductView } from '../../src/app/read-models';
import { isConcurrencyError, type StoredEvent } from '../../src/ports/event-store';
import type { ReadStore } from '../../src/ports/read-store';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const SKU = 'TEA-1';
const at = '2026-11-25T12:00:00.000Z';
let position = 0;
const stored = (streamId: string, version: number, type: string, data: unknown): StoredEvent => ({
  streamId,
  version,
  position: ++position,
  type,
  v: 1,
  data,
  meta: { at, actor: 'test' },
});

const productEvents: StoredEvent[] = [
  stored(`product-${SKU}`, 1, 'ProductCreated', {
    sku: SKU,
    title: 'Matcha',
    description: 'Uji',
    price: { amount: 1200, currency: 'JPY' },
    category: 'tea',
    kind: 'PHYSICAL',
    images: [],
    grantsVideoIds: [],
  }),
  ...Array.from({ length: 7 }, (_, i) =>
    stored(`product-${SKU}`, i + 2, 'ProductUpdated', { price: { amount: 1300 + i * 100, currency: 'JPY' }, title: `Matcha ${i}` }),
  ),
  stored(`product-${SKU}`, 9, 'ProductPublished', {}),
];
const inventoryEvents: StoredEvent[] = [
  stored(`inventory-${SKU}`, 1, 'StockAdjusted', { delta: 100, reason: 'delivery', onHand: 100 }),
  ...Array.from({ length: 8 }, (_, i) => stored(`inventory-${SKU}`, i + 2, 'StockReserved', { orderId: `o${i}`, quantity: i + 1 })),
  stored(`inventory-${SKU}`, 10, 'StockReleased', { orderId: 'o0', quantity: 1, reason: 'cancelled' }),
  stored(`inventory-${SKU}`, 11, 'StockCommitted', { orderId: 'o1', quantity: 2 }),
];

/**
 * The read store as two stream shards see it: each get is answered a little late, so both
 * projectors read the same row before either writes it. `conditional: false` drops the
 * optimistic condition (the behaviour before it existed), to show the race is real.
 */
function racingStore(inner: ReadStore, counts: { conflicts: number }, conditional = true): ReadStore {
  return {
    get: async (table, id) => {
      const row = await inner.get(table, id);
      await new Promise((resolve) => setTimeout(resolve, 4));
      return row as never;
    },
    put: async (table, row, options) => {
      try {
        await inner.put(table, row, conditional ? options : undefined);
      } catch (error) {
        if (isConcurrencyError(error)) counts.conflicts++;
        throw error;
      }
    },
    delete: (table, id) => inner.delete(table, id),
    list: (table, options) => inner.list(table, options),
    reset: (tables, checkpoints) => inner.reset(tables, checkpoints),
    getCheckpoint: (name) => inner.getCheckpoint(name),
    setCheckpoint: (name, p) => inner.setCheckpoint(name, p),
  };
}

describe('projector: one products row fed by two streams on two shards at once (dynalite)', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.close();
  });

  const fresh = async () => {
    const tables = await dynamo.createTables();
    const events = new DynamoEventStore({ client: dynamo.client, tableName: tables.events });
    const read = new DynamoReadStore({ client: dynamo.client, tableName: tables.readModels });
    return { events, read };
  };
  const publisher = { publish: async () => {} };

  async function sequential() {
    const { events, read } = await fresh();
    const projector = new Projector(events, read, publisher, [productsProjection]);
    for (const e of [...productEvents, ...inventoryEvents].sort((a, b) => a.position - b.position)) await projector.handle([e]);
    return read.get<ProductView>(Tables.products, SKU);
  }

  /** Two projector instances (two stream Lambdas), each fed one stream commit by commit, concurrently. */
  async function concurrent(conditional: boolean) {
    const { events, read } = await fresh();
    const counts = { conflicts: 0 };
    const shard = (feed: StoredEvent[]) => async () => {
      const projector = new Projector(events, racingStore(read, counts, conditional), publisher, [productsProjection]);
      for (const e of feed) await projector.handle([e]);
    };
    await Promise.all([shard(productEvents)(), shard(inventoryEvents)()]);
    return { row: await read.get<ProductView>(Tables.products, SKU), conflicts: counts.conflicts };
  }

  it('ends with the same row as a sequential apply, after re-applying the events that lost the race', async () => {
    const expected = await sequential();
    expect(expected?.doc).toMatchObject({ title: 'Matcha 6', published: true, onHand: 98, reserved: 33, available: 65 });
    expect(expected?.versions).toEqual({ [`product-${SKU}`]: 9, [`inventory-${SKU}`]: 11 });

    const { row, conflicts } = await concurrent(true);
    expect(conflicts).toBeGreaterThan(0);
    expect(row).toEqual(expected);
  });

  it('loses updates without the condition (the race the test provokes is real)', async () => {
    const expected = await sequential();
    const { row } = await concurrent(false);
    expect(row).not.toEqual(expected);
  });
});
