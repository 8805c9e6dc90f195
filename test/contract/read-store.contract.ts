import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConcurrencyError } from '../../src/ports/event-store';
import type { ReadRow, ReadStore } from '../../src/ports/read-store';

export interface ReadStoreUnderTest {
  readonly store: ReadStore;
  cleanup(): Promise<void>;
}

interface Order {
  total: number;
  lines: { sku: string; qty: number }[];
  note?: string | null;
}

const order = (id: string, total: number, partition?: string): ReadRow<Order> => ({
  id,
  doc: { total, lines: [{ sku: `sku-${id}`, qty: 1 }] },
  versions: { [`order-${id}`]: total },
  ...(partition === undefined ? {} : { partition }),
});

/** What every ReadStore adapter must do; `create` returns a fresh, empty store. */
export function readStoreContract(create: () => Promise<ReadStoreUnderTest>) {
  let subject: ReadStoreUnderTest;
  let store: ReadStore;
  beforeEach(async () => {
    subject = await create();
    store = subject.store;
  });
  afterEach(async () => {
    await subject.cleanup();
  });

  describe('rows', () => {
    it('round-trips a row with its document, versions and partition', async () => {
      const row: ReadRow<Order> = {
        id: 'o-1',
        doc: { total: 4200, lines: [{ sku: 'tee-🎬', qty: 2 }], note: null },
        versions: { 'order-o-1': 3, 'customer-c-1': 7 },
        partition: 'customer-c-1',
      };
      await store.put('orders', row);
      expect(await store.get<Order>('orders', 'o-1')).toEqual(row);
      expect(await store.get('orders', 'o-2')).toBeUndefined();
      expect(await store.get('products', 'o-1')).toBeUndefined();
    });

    it('replaces a row on put, including dropping its partition', async () => {
      await store.put('orders', order('o-1', 1, 'customer-a'));
      await store.put('orders', order('o-1', 2));
      const row = await store.get<Order>('orders', 'o-1');
      expect(row).toEqual(order('o-1', 2));
      expect(row).not.toHaveProperty('partition');
      expect((await store.list('orders', { partition: 'customer-a' })).items).toEqual([]);
    });

    it('deletes a row, and deleting a missing row is fine', async () => {
      await store.put('orders', order('o-1', 1));
      await store.put('orders', order('o-2', 2));
      await store.delete('orders', 'o-1');
      await store.delete('orders', 'missing');
      expect(await store.get('orders', 'o-1')).toBeUndefined();
      expect((await store.list('orders')).items.map((r) => r.id)).toEqual(['o-2']);
    });
  });

  describe('conditional put', () => {
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => 'written',
        (e: unknown) => (isConcurrencyError(e) ? 'ConcurrencyError' : e),
      );
    const productRow = (versions: Record<string, number>, total: number): ReadRow<Order> => ({
      id: 'p-1',
      doc: { total, lines: [] },
      versions,
    });

    it("writes a new row when 'absent' is expected, and refuses a second writer that expected the same", async () => {
      await store.put('products', productRow({ 'product-p-1': 1 }, 1), { expected: 'absent' });
      expect(await refused(store.put('products', productRow({ 'inventory-p-1': 1 }, 2), { expected: 'absent' }))).toBe(
        'ConcurrencyError',
      );
      expect(await store.get('products', 'p-1')).toEqual(productRow({ 'product-p-1': 1 }, 1));
    });

    it('writes when the stored versions are the ones read, whatever their key order', async () => {
      await store.put('products', productRow({ 'product-p-1': 1, 'inventory-p-1': 4 }, 1));
      const read = await store.get<Order>('products', 'p-1');
      await store.put('products', productRow({ ...read!.versions, 'product-p-1': 2 }, 2), { expected: read!.versions });
      await store.put('products', productRow({ 'product-p-1': 3, 'inventory-p-1': 4 }, 3), {
        expected: { 'inventory-p-1': 4, 'product-p-1': 2 },
      });
      expect((await store.get<Order>('products', 'p-1'))?.doc.total).toBe(3);
    });

    it('refuses a writer whose read is stale (the lost update), and leaves the row as the winner wrote it', async () => {
      await store.put('products', productRow({ 'product-p-1': 1 }, 1));
      const a = await store.get<Order>('products', 'p-1');
      const b = await store.get<Order>('products', 'p-1');
      await store.put('products', productRow({ ...a!.versions, 'inventory-p-1': 1 }, 10), { expected: a!.versions });
      expect(
        await refused(store.put('products', productRow({ ...b!.versions, 'product-p-1': 2 }, 20), { expected: b!.versions })),
      ).toBe('ConcurrencyError');
      expect(await store.get('products', 'p-1')).toEqual(productRow({ 'product-p-1': 1, 'inventory-p-1': 1 }, 10));
    });

    it('refuses versions expected of a row that is not there, and a subset or superset of the stored ones', async () => {
      expect(await refused(store.put('products', productRow({ 'product-p-1': 2 }, 2), { expected: { 'product-p-1': 1 } }))).toBe(
        'ConcurrencyError',
      );
      expect(await store.get('products', 'p-1')).toBeUndefined();
      await store.put('products', productRow({ 'product-p-1': 1, 'inventory-p-1': 1 }, 1));
      const wrong: Record<string, number>[] = [{ 'product-p-1': 1 }, { 'product-p-1': 1, 'inventory-p-1': 1, 'other-x': 1 }];
      for (const expected of wrong)
        expect(await refused(store.put('products', productRow({ 'product-p-1': 2 }, 2), { expected }))).toBe('ConcurrencyError');
      expect((await store.get<Order>('products', 'p-1'))?.doc.total).toBe(1);
    });

    it('keeps an unconditional put unconditional', async () => {
      await store.put('products', productRow({ 'product-p-1': 5 }, 5));
      await store.put('products', productRow({ 'product-p-1': 1 }, 1));
      expect((await store.get<Order>('products', 'p-1'))?.doc.total).toBe(1);
    });
  });

  describe('list', () => {
    it('lists one table in id order, page by page', async () => {
      const ids = ['p-07', 'p-03', 'p-01', 'p-05', 'p-02', 'p-06', 'p-04'];
      for (const [i, id] of ids.entries()) await store.put('products', order(id, i));
      await store.put('videos', order('p-00', 0));

      const all = await store.list<Order>('products');
      expect(all.items.map((r) => r.id)).toEqual([...ids].sort());
      expect(all.nextToken).toBeUndefined();
      expect(all.items[0]).toEqual(order('p-01', 2));

      const pages: string[][] = [];
      let nextToken: string | undefined;
      do {
        const page = await store.list('products', { limit: 3, ...(nextToken === undefined ? {} : { nextToken }) });
        pages.push(page.items.map((r) => r.id));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      expect(pages).toEqual([
        ['p-01', 'p-02', 'p-03'],
        ['p-04', 'p-05', 'p-06'],
        ['p-07'],
      ]);

      const exact = await store.list('products', { limit: 7 });
      expect(exact.items).toHaveLength(7);
      expect(exact.nextToken).toBeUndefined();
      expect((await store.list('empty')).items).toEqual([]);
    });

    it('fills a page of large documents (more than one DynamoDB 1 MB query page)', async () => {
      const big = 'x'.repeat(40_000);
      for (let i = 0; i < 40; i++) {
        const id = `r-${String(i).padStart(2, '0')}`;
        await store.put('reports', { id, doc: { big }, versions: {}, partition: 'p' });
      }
      for (const partition of [undefined, 'p']) {
        const first = await store.list<{ big: string }>('reports', { limit: 30, ...(partition ? { partition } : {}) });
        expect(first.items).toHaveLength(30);
        expect(first.items[29]!.doc.big).toHaveLength(40_000);
        const rest = await store.list('reports', { limit: 30, nextToken: first.nextToken!, ...(partition ? { partition } : {}) });
        expect(rest.items.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => `r-${30 + i}`));
        expect(rest.nextToken).toBeUndefined();
      }
    });

    it('lists one partition in id order, page by page', async () => {
      await store.put('orders', order('o-5', 5, 'customer-a'));
      await store.put('orders', order('o-1', 1, 'customer-b'));
      await store.put('orders', order('o-3', 3, 'customer-a'));
      await store.put('orders', order('o-2', 2));
      await store.put('orders', order('o-4', 4, 'customer-a'));
      await store.put('returns', order('o-0', 0, 'customer-a'));

      const a = await store.list<Order>('orders', { partition: 'customer-a' });
      expect(a.items.map((r) => r.id)).toEqual(['o-3', 'o-4', 'o-5']);
      expect(a.items[0]).toEqual(order('o-3', 3, 'customer-a'));

      const first = await store.list('orders', { partition: 'customer-a', limit: 2 });
      expect(first.items.map((r) => r.id)).toEqual(['o-3', 'o-4']);
      expect(first.nextToken).toBeDefined();
      const second = await store.list('orders', { partition: 'customer-a', limit: 2, nextToken: first.nextToken! });
      expect(second.items.map((r) => r.id)).toEqual(['o-5']);
      expect(second.nextToken).toBeUndefined();

      await store.put('orders', order('o-3', 3, 'customer-b'));
      expect((await store.list('orders', { partition: 'customer-a' })).items.map((r) => r.id)).toEqual(['o-4', 'o-5']);
      expect((await store.list('orders', { partition: 'customer-b' })).items.map((r) => r.id)).toEqual(['o-1', 'o-3']);
    });
  });

  describe('reset and checkpoints', () => {
    it('starts checkpoints at 0 and keeps the last one set', async () => {
      expect(await store.getCheckpoint('products')).toBe(0);
      await store.setCheckpoint('products', 17);
      await store.setCheckpoint('products', 42);
      await store.setCheckpoint('orders', 5);
      expect(await store.getCheckpoint('products')).toBe(42);
      expect(await store.getCheckpoint('orders')).toBe(5);
    });

    it('drops the named tables and checkpoints only', async () => {
      for (let i = 0; i < 30; i++) await store.put('products', order(`p-${String(i).padStart(2, '0')}`, i, 'cat'));
      await store.put('orders', order('o-1', 1, 'customer-a'));
      await store.put('videos', order('v-1', 1));
      await store.setCheckpoint('catalog', 30);
      await store.setCheckpoint('orders', 9);

      await store.reset(['products', 'videos'], ['catalog']);

      expect((await store.list('products')).items).toEqual([]);
      expect((await store.list('products', { partition: 'cat' })).items).toEqual([]);
      expect(await store.get('videos', 'v-1')).toBeUndefined();
      expect(await store.getCheckpoint('catalog')).toBe(0);
      expect(await store.get('orders', 'o-1')).toEqual(order('o-1', 1, 'customer-a'));
      expect(await store.getCheckpoint('orders')).toBe(9);

      await store.put('products', order('p-00', 0));
      expect((await store.list('products')).items.map((r) => r.id)).toEqual(['p-00']);
    });
  });
}
