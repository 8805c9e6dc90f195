import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConcurrencyError, type EventMeta, type EventStore, type NewEvent, type StoredEvent } from '../../src/ports/event-store';

export interface EventStoreUnderTest {
  readonly store: EventStore;
  cleanup(): Promise<void>;
}

const meta = (overrides: Partial<EventMeta> = {}): EventMeta => ({ at: '2026-01-02T03:04:05.000Z', ...overrides });
const ev = (type: string, data: unknown = {}): NewEvent => ({ type, data });

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** What every EventStore adapter must do; `create` returns a fresh, empty store. */
export function eventStoreContract(create: () => Promise<EventStoreUnderTest>) {
  let subject: EventStoreUnderTest;
  let store: EventStore;
  beforeEach(async () => {
    subject = await create();
    store = subject.store;
  });
  afterEach(async () => {
    await subject.cleanup();
  });

  describe('append and readStream', () => {
    it('numbers a stream 1..n in append order and reports the new version and positions', async () => {
      const first = await store.append('order-1', 0, [ev('A', { n: 1 }), ev('B', { n: 2 })], meta());
      const second = await store.append('order-1', 2, [ev('C', { n: 3 })], meta());

      expect(first.version).toBe(2);
      expect(first.events.map((e) => e.version)).toEqual([1, 2]);
      expect(first.position).toBe(first.events[1]!.position);
      expect(second.version).toBe(3);
      expect(second.position).toBeGreaterThan(first.position);

      const events = await store.readStream('order-1');
      expect(events.map((e) => [e.version, e.type, e.data])).toEqual([
        [1, 'A', { n: 1 }],
        [2, 'B', { n: 2 }],
        [3, 'C', { n: 3 }],
      ]);
      expect(events.every((e) => e.streamId === 'order-1' && e.v === 1)).toBe(true);
      expect(await store.readStream('order-2')).toEqual([]);
    });

    it('round-trips payloads and meta exactly', async () => {
      const data = { name: 'Zoë 🎬', price: { amount: 1999, currency: 'EUR' }, tags: ['a', ''], ratio: 0.25, none: null };
      const m = meta({ actor: 'user-sam', idempotencyKey: 'cmd-42', correlationId: 'corr-7' });
      const result = await store.append('product-1', 0, [ev('ProductCreated', data)], m);

      const [fromStream] = await store.readStream('product-1');
      const [fromAll] = await store.readAll(0, 10);
      for (const e of [fromStream!, fromAll!, result.events[0]!]) {
        expect(e.data).toEqual(data);
        expect(e.meta).toEqual(m);
      }
    });

    it('reads after a version, also from inside a multi-event commit', async () => {
      await store.append('s', 0, [ev('1'), ev('2'), ev('3')], meta());
      await store.append('s', 3, [ev('4'), ev('5')], meta());

      expect((await store.readStream('s', 0)).map((e) => e.type)).toEqual(['1', '2', '3', '4', '5']);
      expect((await store.readStream('s', 1)).map((e) => e.type)).toEqual(['2', '3', '4', '5']);
      expect((await store.readStream('s', 3)).map((e) => e.type)).toEqual(['4', '5']);
      expect((await store.readStream('s', 4)).map((e) => e.version)).toEqual([5]);
      expect(await store.readStream('s', 5)).toEqual([]);
      expect(await store.readStream('s', 9)).toEqual([]);
    });

    it('refuses an empty append', async () => {
      await expect(store.append('s', 0, [], meta())).rejects.toThrow();
      expect(await store.readStream('s')).toEqual([]);
    });
  });

  describe('optimistic concurrency', () => {
    it.each([
      ['stale, at a commit boundary', 0],
      ['stale, inside a multi-event commit', 1],
      ['stale, inside a multi-event commit (last but one)', 2],
      ['ahead of the stream', 4],
      ['far ahead of the stream', 10],
    ])('rejects an expected version that is %s, writing nothing', async (_, expected) => {
      await store.append('inventory-sku1', 0, [ev('A'), ev('B'), ev('C')], meta());
      const before = await store.readAll(0, 100);

      const error = await rejection(store.append('inventory-sku1', expected, [ev('X'), ev('Y')], meta()));
      expect(isConcurrencyError(error)).toBe(true);
      expect(error).toMatchObject({ streamId: 'inventory-sku1', expectedVersion: expected });

      expect((await store.readStream('inventory-sku1')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      const next = await store.append('other', 0, [ev('Z')], meta());
      const after = await store.readAll(0, 100);
      expect(after.map((e) => e.type)).toEqual([...before.map((e) => e.type), 'Z']);
      expect(after.at(-1)!.position).toBe(next.position);
    });

    it('lets exactly one of 20 racers at the same expected version win', async () => {
      await store.append('inventory-hot', 0, [ev('Seeded')], meta());
      const racers = Array.from({ length: 20 }, (_, i) =>
        store.append('inventory-hot', 1, [ev('Reserved', { racer: i }), ev('Noted', { racer: i })], meta()),
      );
      const outcomes = await Promise.allSettled(racers);

      const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(19);
      expect(losers.every(isConcurrencyError)).toBe(true);

      const events = await store.readStream('inventory-hot');
      expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(events.slice(1).map((e) => e.data)).toEqual([{ racer: winners[0] }, { racer: winners[0] }]);
      expect((await store.readAll(0, 100)).map((e) => e.type)).toEqual(['Seeded', 'Reserved', 'Noted']);
    });

    it('ends with every event exactly once when racers retry on conflict', async () => {
      const workers = 6;
      const commitsEach = 4;
      const work = async (worker: number) => {
        for (let c = 0; c < commitsEach; c++) {
          // commits of 1 or 2 events, so stale writers also land inside multi-event commits
          const batch = Array.from({ length: 1 + ((worker + c) % 2) }, (_, k) => ev('Tick', { worker, c, k }));
          for (;;) {
            const head = (await store.readStream('counter')).length;
            try {
              await store.append('counter', head, batch, meta({ actor: `worker-${worker}` }));
              break;
            } catch (error) {
              if (!isConcurrencyError(error)) throw error;
            }
          }
        }
      };
      await Promise.all(Array.from({ length: workers }, (_, w) => work(w)));

      const events = await store.readStream('counter');
      const expectedCount = Array.from({ length: workers }, (_, w) =>
        Array.from({ length: commitsEach }, (_, c) => 1 + ((w + c) % 2)).reduce((a, b) => a + b, 0),
      ).reduce((a, b) => a + b, 0);
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: expectedCount }, (_, i) => i + 1));
      const keys = events.map((e) => JSON.stringify(e.data));
      expect(new Set(keys).size).toBe(expectedCount);
      // a commit's events stay together and in order
      for (let i = 0; i < events.length; i++) {
        const data = events[i]!.data as { worker: number; c: number; k: number };
        if (data.k === 1) expect(events[i - 1]!.data).toEqual({ ...data, k: 0 });
      }
      const all = await store.readAll(0, 1000);
      expect(all.map((e) => JSON.stringify(e.data))).toEqual(keys);
    });
  });

  describe('readAll', () => {
    it('orders events of all streams by position and honours limit and afterPosition', async () => {
      await store.append('a', 0, [ev('a1'), ev('a2')], meta());
      await store.append('b', 0, [ev('b1')], meta());
      await store.append('a', 2, [ev('a3'), ev('a4'), ev('a5')], meta());
      await store.append('c', 0, [ev('c1')], meta());

      const all = await store.readAll(0, 100);
      expect(all.map((e) => e.type)).toEqual(['a1', 'a2', 'b1', 'a3', 'a4', 'a5', 'c1']);
      expect(all.map((e) => `${e.streamId}@${e.version}`)).toEqual(['a@1', 'a@2', 'b@1', 'a@3', 'a@4', 'a@5', 'c@1']);
      for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);

      expect((await store.readAll(0, 2)).map((e) => e.type)).toEqual(['a1', 'a2']);
      expect((await store.readAll(all[3]!.position, 2)).map((e) => e.type)).toEqual(['a4', 'a5']);
      expect(await store.readAll(all.at(-1)!.position, 10)).toEqual([]);

      const paged: StoredEvent[] = [];
      for (let from = 0; ; ) {
        const page = await store.readAll(from, 2);
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(2);
        paged.push(...page);
        from = page.at(-1)!.position;
      }
      expect(paged).toEqual(all);
    });
  });

  describe('subscribeAll', () => {
    it('catches up from a position, then delivers live appends in order', async () => {
      await store.append('a', 0, [ev('a1'), ev('a2')], meta());
      const [firstEvent] = await store.readAll(0, 1);
      await store.append('b', 0, [ev('b1')], meta());

      const seen: StoredEvent[] = [];
      const subscription = store.subscribeAll(firstEvent!.position, async (batch) => {
        seen.push(...batch);
      });
      try {
        await waitFor(() => seen.length === 2);
        expect(seen.map((e) => e.type)).toEqual(['a2', 'b1']);

        await store.append('b', 1, [ev('b2')], meta());
        await store.append('c', 0, [ev('c1'), ev('c2')], meta());
        await waitFor(() => seen.length === 5);
        expect(seen.map((e) => e.type)).toEqual(['a2', 'b1', 'b2', 'c1', 'c2']);
      } finally {
        await subscription.close();
      }
      await store.append('c', 2, [ev('after-close')], meta());
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toHaveLength(5);
    });

    it('delivers a batch again when the handler throws', async () => {
      await store.append('a', 0, [ev('a1')], meta());
      const attempts: string[][] = [];
      const subscription = store.subscribeAll(0, async (batch) => {
        attempts.push(batch.map((e) => e.type));
        if (attempts.length === 1) throw new Error('projection failed once');
      });
      const quiet = console.error;
      console.error = () => {};
      try {
        await waitFor(() => attempts.length >= 2);
      } finally {
        console.error = quiet;
        await subscription.close();
      }
      expect(attempts.slice(0, 2)).toEqual([['a1'], ['a1']]);
    });
  });
}
