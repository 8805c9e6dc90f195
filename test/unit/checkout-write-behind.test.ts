import { afterEach, beforeEach, expect, it } from 'vitest';
import { WriteBehindReadStore } from '../../src/adapters/local/read-store-write-behind';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';

let db: SqliteDb;
let inner: SqliteReadStore;
let store: WriteBehindReadStore;

beforeEach(() => {
  db = openDatabase(':memory:');
  inner = new SqliteReadStore(db);
  store = new WriteBehindReadStore(inner, db);
});
afterEach(() => db.close());

const row = (id: string, n: number) => ({ id, doc: { n }, versions: { [`s-${id}`]: n }, partition: 'p' });

it('holds the projector\'s rows until its checkpoint, then commits rows and checkpoint together', async () => {
  await store.put('orders', row('a', 1));
  await store.put('orders', row('a', 2));
  await store.put('orders', row('b', 1));
  expect(await store.get('orders', 'a')).toEqual(row('a', 2));
  expect(await inner.get('orders', 'a')).toBeUndefined();

  await store.setCheckpoint('projector', 42);
  expect(await inner.get('orders', 'a')).toEqual(row('a', 2));
  expect((await inner.list('orders', { partition: 'p' })).items.map((r) => r.id)).toEqual(['a', 'b']);
  expect(await inner.getCheckpoint('projector')).toBe(42);
});

it('a failed commit writes neither rows nor checkpoint', async () => {
  await store.put('orders', row('a', 1));
  db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON rm_checkpoints BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
  await expect(store.setCheckpoint('projector', 7)).rejects.toThrow(/disk full/);
  expect(await inner.get('orders', 'a')).toBeUndefined();
  expect(await inner.getCheckpoint('projector')).toBe(0);
});

it('lists and resets see through to the store', async () => {
  await store.put('orders', row('a', 1));
  expect((await store.list('orders')).items).toHaveLength(1);
  await store.put('orders', row('b', 1));
  await store.reset(['orders'], ['projector']);
  await store.setCheckpoint('projector', 1);
  expect((await inner.list('orders')).items).toEqual([]);
});
