import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AslExecutionStore } from '../../src/adapters/local/asl-store';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';

/** Data files written by earlier versions open with what they held. */
let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-migrate-'));
  db = openDatabase(join(dir, 'marquee.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

it('turns workflow history rows into one chunk per execution, in order', () => {
  db.exec(`
    CREATE TABLE wf_history (execution TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, type TEXT NOT NULL,
      state_name TEXT, detail TEXT, PRIMARY KEY (execution, seq)) WITHOUT ROWID;
    INSERT INTO wf_history VALUES ('o-1', 2, 20, 'StateEntered', 'ReserveStock', '{"stateType":"Task"}');
    INSERT INTO wf_history VALUES ('o-1', 1, 10, 'ExecutionStarted', NULL, NULL);
    INSERT INTO wf_history VALUES ('o-2', 1, 30, 'ExecutionStarted', NULL, NULL);`);
  const store = new AslExecutionStore(db);
  expect(store.history('o-1')).toEqual([
    { at: 10, type: 'ExecutionStarted' },
    { at: 20, type: 'StateEntered', stateName: 'ReserveStock', detail: { stateType: 'Task' } },
  ]);
  expect(store.history('o-2')).toEqual([{ at: 30, type: 'ExecutionStarted' }]);
  expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'wf_history'`).get()).toBeUndefined();
  expect(store.rerun('o-1')).toBe(3);
});

it('moves read-model rows out of the old WITHOUT ROWID table, partitions and all', async () => {
  db.exec(`
    CREATE TABLE rm_rows (tbl TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, part TEXT,
      PRIMARY KEY (tbl, id)) WITHOUT ROWID;
    CREATE INDEX rm_rows_part ON rm_rows (tbl, part, id);
    INSERT INTO rm_rows VALUES ('orders', 'o-1', '{"n":1}', '{"order-o-1":3}', 'c-1');`);
  const store = new SqliteReadStore(db);
  expect(await store.get('orders', 'o-1')).toEqual({ id: 'o-1', doc: { n: 1 }, versions: { 'order-o-1': 3 }, partition: 'c-1' });
  expect((await store.list('orders', { partition: 'c-1' })).items.map((r) => r.id)).toEqual(['o-1']);
  expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'rm_rows'`).pluck().get()).not.toMatch(/WITHOUT ROWID/i);
});

it('numbers the streams of an event log written before streams had numbers, keeping every position', async () => {
  db.exec(`
    CREATE TABLE es_events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
      type TEXT NOT NULL, v INTEGER NOT NULL DEFAULT 1, data TEXT NOT NULL, meta TEXT NOT NULL, UNIQUE (stream_id, version));
    INSERT INTO es_events (position, stream_id, version, type, data, meta) VALUES
      (1, 'order-b', 1, 'OrderPlaced', '{"n":1}', '{"at":"t1"}'),
      (2, 'order-a', 1, 'OrderPlaced', '{"n":2}', '{"at":"t2"}'),
      (5, 'order-b', 2, 'OrderConfirmed', '{"n":3}', '{"at":"t3"}');`);
  const { SqliteEventStore } = await import('../../src/adapters/local/sqlite-event-store');
  const store = new SqliteEventStore(db);
  expect((await store.readAll(0, 10)).map((e) => [e.position, e.streamId, e.version, e.data])).toEqual([
    [1, 'order-b', 1, { n: 1 }],
    [2, 'order-a', 1, { n: 2 }],
    [5, 'order-b', 2, { n: 3 }],
  ]);
  expect((await store.readStream('order-b')).map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
  expect((await store.append('order-b', 2, [{ type: 'Shipped', data: {} }], { at: 't4' })).position).toBe(6);
  await expect(store.append('order-a', 0, [{ type: 'Again', data: {} }], { at: 't5' })).rejects.toThrow(/no longer at version 0/);
  expect(db.prepare('SELECT stream_id FROM es_streams ORDER BY stream_no').pluck().all()).toEqual(['order-b', 'order-a']);
});

it('drops the read models an older version kept in marquee.db (they are rebuilt in readmodels.db), keeping reactor checkpoints', async () => {
  db.exec(`
    CREATE TABLE rm_rows (tbl TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, part TEXT, PRIMARY KEY (tbl, id)) WITHOUT ROWID;
    CREATE TABLE rm_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
    INSERT INTO rm_checkpoints VALUES ('projector', 40), ('reactor:shipment-follows-order', 38);`);
  db.close();
  const { openDataFiles } = await import('../../src/server/data-files');
  const files = openDataFiles(dir);
  expect(files.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'rm_rows'`).get()).toBeUndefined();
  expect(files.db.prepare('SELECT name FROM rm_checkpoints').pluck().all()).toEqual(['reactor:shipment-follows-order']);
  files.readDb.close();
  db = files.db;
});
