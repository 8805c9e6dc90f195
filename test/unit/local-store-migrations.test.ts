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
