import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandHandler } from '../../src/app/command-handler';
import { available, inventoryDecider, inventoryStream } from '../../src/domain/inventory';
import { openDatabase } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { systemClock } from '../../src/ports/clock';

const fresh = () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'marquee-ch-')), 'test.db'));
  const events = new SqliteEventStore(db);
  return { events, handler: () => new CommandHandler(events, systemClock) };
};

describe('command handler', () => {
  it('appends once per idempotency key and returns the first outcome again', async () => {
    const { events, handler } = fresh();
    const h = handler();
    const stream = inventoryStream('SKU-1');
    const first = await h.handle(inventoryDecider, stream, { type: 'AdjustStock', delta: 5, reason: 'in' }, { idempotencyKey: 'k1' });
    const again = await h.handle(inventoryDecider, stream, { type: 'AdjustStock', delta: 5, reason: 'in' }, { idempotencyKey: 'k1' });
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.position)).toEqual(first.events.map((e) => e.position));
    // A second handler (another process, cold cache) sees the key in the stream too.
    const other = await handler().handle(inventoryDecider, stream, { type: 'AdjustStock', delta: 5, reason: 'in' }, { idempotencyKey: 'k1' });
    expect(other.duplicate).toBe(true);
    expect(await events.readStream(stream)).toHaveLength(1);
  });

  it('never oversells under concurrent reservations from independent handlers', async () => {
    const { events, handler } = fresh();
    const stream = inventoryStream('HOT');
    await handler().handle(inventoryDecider, stream, { type: 'AdjustStock', delta: 10, reason: 'in' });
    // Separate handlers = separate caches, like separate Lambdas racing on one stream.
    const racers = Array.from({ length: 40 }, (_, i) =>
      handler()
        .handle(inventoryDecider, stream, { type: 'ReserveStock', orderId: `o${i}`, quantity: 1 })
        .then(
          () => 'ok' as const,
          (e: { errorType?: string }) => e.errorType ?? 'error',
        ),
    );
    const outcomes = await Promise.all(racers);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'OutOfStock')).toHaveLength(30);
    const state = (await handler().load(inventoryDecider, stream)).state;
    expect(available(state)).toBe(0);
    const versions = (await events.readStream(stream)).map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it('a command on a stream written earlier in the same turn reads that write and does not conflict', async () => {
    const { events, handler } = fresh();
    const h = handler();
    const stream = inventoryStream('FAN');
    await h.handle(inventoryDecider, stream, { type: 'AdjustStock', delta: 10, reason: 'in' });
    const conflicts: string[] = [];
    let second: Promise<unknown> | undefined;
    const append = events.append.bind(events);
    events.append = (...args) => {
      const appended = append(...args).catch((error: unknown) => {
        conflicts.push(error instanceof Error ? error.name : String(error));
        throw error;
      });
      // Like a second fan-out task recording on one order: it starts once the first append is written
      // into the turn's transaction, before that commits.
      second ??= h.handle(inventoryDecider, stream, { type: 'ReserveStock', orderId: 'o2', quantity: 1 });
      return appended;
    };
    await h.handle(inventoryDecider, stream, { type: 'ReserveStock', orderId: 'o1', quantity: 1 });
    await second;
    expect(conflicts).toEqual([]);
    expect((await events.readStream(stream)).map((e) => e.version)).toEqual([1, 2, 3]);
    expect(available((await handler().load(inventoryDecider, stream)).state)).toBe(8);
  });
});
