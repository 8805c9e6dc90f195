import { describe, expect, it } from 'vitest';
import { ParsedOnReadEvent } from '../../src/adapters/local/parsed-on-read-event';
import { openDatabase } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';

const data = { orderId: 'o-1', lines: [{ sku: 'A', quantity: 2 }] };
const meta = { at: '2026-12-02T09:00:00.000Z', actor: 'user:alice' };
const plain = { streamId: 'order-o-1', version: 1, position: 7, type: 'OrderPlaced', v: 1, data, meta };
const parsedOnRead = () => new ParsedOnReadEvent('order-o-1', 1, 7, 'OrderPlaced', 1, JSON.stringify(data), JSON.stringify(meta));

describe('an event parsed when read', () => {
  it('compares, serialises and spreads like the plain event', () => {
    const event = parsedOnRead();
    expect(event).toEqual(plain);
    expect(JSON.parse(JSON.stringify(event))).toEqual(plain);
    expect({ ...event }).toEqual(plain);
    expect(Object.keys(event).sort()).toEqual(Object.keys(plain).sort());
  });

  it('parses once: every reader gets the same data', () => {
    const event = parsedOnRead();
    expect(event.data).toBe(event.data);
    expect(event.meta).toBe(event.meta);
  });

  it("serves the log's readers near the head with copies, not the appender's objects", async () => {
    const db = openDatabase(':memory:');
    const store = new SqliteEventStore(db);
    const appended = { orderId: 'o-2', lines: [{ sku: 'B', quantity: 1 }] };
    await store.append('order-o-2', 0, [{ type: 'OrderPlaced', data: appended }], meta);
    appended.lines[0]!.quantity = 99;
    const [read] = await store.readAll(0, 10);
    expect(read).toBeInstanceOf(ParsedOnReadEvent);
    expect(read!.data).toEqual({ orderId: 'o-2', lines: [{ sku: 'B', quantity: 1 }] });
    expect(read!.meta).toEqual(meta);
    await store.close();
    db.close();
  });
});
