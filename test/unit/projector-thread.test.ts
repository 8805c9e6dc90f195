import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { PRODUCT_UPDATED } from '../../src/app/projections/products';
import type { ProductView } from '../../src/app/read-models';
import { ProjectorThread, type Demand } from '../../src/server/projector-thread';

const meta = { at: '2026-12-01T00:00:00.000Z' };
const details = { title: '煎茶', description: '', price: { amount: 1200, currency: 'JPY' }, category: 'tea', kind: 'PHYSICAL', images: [], grantsVideoIds: [] };

/** A demand whose listeners the test switches by hand. */
function demand(wanted: boolean): Demand & { set(wanted: boolean): void } {
  const listeners: ((mutation: string, wanted: boolean) => void)[] = [];
  let now = wanted;
  return {
    publishMutations: [PRODUCT_UPDATED],
    wants: () => now,
    onDemand: (listener) => void listeners.push(listener),
    set(next) {
      now = next;
      for (const listener of listeners) listener(PRODUCT_UPDATED, next);
    },
  };
}

describe('ProjectorThread', () => {
  let dir: string;
  let db: SqliteDb;
  let readDb: SqliteDb;
  let events: SqliteEventStore;
  let thread: ProjectorThread | undefined;
  const published: { mutation: string; sku: unknown; available: unknown }[] = [];

  const start = (wants: Demand) =>
    ProjectorThread.start({
      eventsFile: join(dir, 'marquee.db'),
      readModelsFile: join(dir, 'readmodels.db'),
      publisher: { publish: async (mutation, payload) => void published.push({ mutation, sku: payload.sku, available: payload.available }) },
      demand: wants,
      onAppended: (wake) => events.onAppended(wake),
    });
  const product = async (sku: string) => (await new SqliteReadStore(readDb).get<ProductView>('products', sku))?.doc;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'marquee-projector-thread-'));
    db = openDatabase(join(dir, 'marquee.db'));
    readDb = openDatabase(join(dir, 'readmodels.db'));
    events = new SqliteEventStore(db);
    published.length = 0;
  });
  afterEach(async () => {
    await thread?.stop();
    thread = undefined;
    db.close();
    readDb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('projects appends into the read models file, publishes in order, then settles', async () => {
    thread = await start(demand(true));
    await events.append('product-TEA', 0, [{ type: 'ProductCreated', data: { sku: 'TEA', ...details } }], meta);
    const { position } = await events.append('inventory-TEA', 0, [{ type: 'StockAdjusted', data: { delta: 5, reason: 'in', onHand: 5 } }], meta);
    await thread.settled(position);
    expect(await product('TEA')).toMatchObject({ sku: 'TEA', title: '煎茶', available: 5 });
    expect(published).toEqual([
      { mutation: PRODUCT_UPDATED, sku: 'TEA', available: 0 },
      { mutation: PRODUCT_UPDATED, sku: 'TEA', available: 5 },
    ]);
  });

  it('sends no change that no live subscription would receive', async () => {
    const wants = demand(false);
    thread = await start(wants);
    const first = await events.append('product-TEA', 0, [{ type: 'ProductCreated', data: { sku: 'TEA', ...details } }], meta);
    await thread.settled(first.position);
    expect(published).toEqual([]);
    wants.set(true);
    const second = await events.append('inventory-TEA', 0, [{ type: 'StockAdjusted', data: { delta: 2, reason: 'in', onHand: 2 } }], meta);
    await thread.settled(second.position);
    expect(published).toEqual([{ mutation: PRODUCT_UPDATED, sku: 'TEA', available: 2 }]);
  });

  it('finds appends after a quiet spell, and resumes from its checkpoint after a restart', async () => {
    thread = await start(demand(true));
    await new Promise((resolve) => setTimeout(resolve, 400)); // longer than the thread's fallback look at the file
    const created = await events.append('product-TEA', 0, [{ type: 'ProductCreated', data: { sku: 'TEA', ...details } }], meta);
    await thread.settled(created.position);
    await thread.stop();

    const later = await events.append('inventory-TEA', 0, [{ type: 'StockAdjusted', data: { delta: 3, reason: 'in', onHand: 3 } }], meta);
    published.length = 0;
    thread = await start(demand(true));
    await thread.settled(later.position);
    expect(published).toEqual([{ mutation: PRODUCT_UPDATED, sku: 'TEA', available: 3 }]);
    expect(await product('TEA')).toMatchObject({ available: 3 });
  });

  it('starts a thread that died again, which catches up from its checkpoint', async () => {
    thread = await start(demand(true));
    const first = await events.append('product-TEA', 0, [{ type: 'ProductCreated', data: { sku: 'TEA', ...details } }], meta);
    await thread.settled(first.position);
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const second = await events.append('inventory-TEA', 0, [{ type: 'StockAdjusted', data: { delta: 4, reason: 'in', onHand: 4 } }], meta);
    await thread.settled(second.position);
    expect(await product('TEA')).toMatchObject({ available: 4 });
  });
});
