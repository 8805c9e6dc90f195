import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';

let dir: string;
let db: SqliteDb | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-open-'));
});
afterEach(() => {
  db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

it('opens a file in WAL mode, durable across process crashes, with foreign keys and temporary data in memory', () => {
  db = openDatabase(join(dir, 'nested', 'store.db'));
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  // 1 = NORMAL: a commit is in the OS's hands when it returns; the WAL is synced at checkpoints.
  expect(db.pragma('synchronous', { simple: true })).toBe(1);
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  // 2 = MEMORY: a savepoint's journal never becomes a file created and deleted on the way.
  expect(db.pragma('temp_store', { simple: true })).toBe(2);
});

it('rolls a savepoint of many pages back whole, its journal kept in memory', () => {
  db = openDatabase(join(dir, 'savepoint.db'));
  db.exec('CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO pages (body) VALUES (randomblob(4000))');
  db.exec('BEGIN');
  for (let i = 0; i < 50; i++) insert.run();
  // Well past the 64 kB at which a savepoint's journal would otherwise spill to a temporary file.
  const refused = db.transaction(() => {
    for (let i = 0; i < 100; i++) insert.run();
    db!.prepare('UPDATE pages SET body = zeroblob(10)').run();
    throw new Error('refused');
  });
  expect(() => refused()).toThrow('refused');
  db.exec('COMMIT');
  expect(db.prepare('SELECT count(*) FROM pages WHERE length(body) = 4000').pluck().get()).toBe(50);
});
