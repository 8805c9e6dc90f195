import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { groupCommit } from '../../src/adapters/local/group-commit';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { WalCheckpointer, walBytesAtRestart } from '../../src/adapters/local/wal-checkpointer';

let dir: string;
let file: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
  file = join(dir, 'store.db');
  db = openDatabase(file);
  db.exec('CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true });

/** Commits `commits` turns of `rowsPerCommit` rows of ~4 kB each (about a WAL page per row). */
async function write(commits: number, rowsPerCommit: number) {
  const insert = db.prepare('INSERT INTO pages (body) VALUES (randomblob(4000))');
  for (let c = 0; c < commits; c++) {
    await groupCommit(db).write(() => {
      for (let r = 0; r < rowsPerCommit; r++) insert.run();
    });
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

it("takes checkpoints off the writer: the writer's automatic checkpoint is off, and the thread copies its commits into the file", async () => {
  const checkpointer = WalCheckpointer.start(db, { intervalMs: 5 });
  expect(autocheckpoint()).toBe(0);
  const before = statSync(file).size;
  // ~2,400 pages: past the 1,000 at which the writer would otherwise checkpoint in its own commit.
  await write(40, 60);
  // In WAL mode only a checkpoint writes to the database file itself.
  await until(() => statSync(file).size >= before + 2_400 * 4_000);
  expect(db.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(2_400);
  await checkpointer.stop();
  expect(autocheckpoint()).toBe(1_000);
});

it('leaves checkpoints to the writer when it is never started', async () => {
  expect(autocheckpoint()).toBe(1_000);
  const before = statSync(file).size;
  await write(20, 60);
  // The writer's own commit that crossed 1,000 pages copied them into the file.
  expect(statSync(file).size).toBeGreaterThan(before + 900 * 4_096);
});

it('refuses a database without a WAL file', () => {
  const memory = openDatabase(':memory:');
  expect(() => WalCheckpointer.start(memory)).toThrow(/in-memory/);
  memory.close();
});

it('lets the WAL keep the size it reaches before a restart (frame headers included), so a restart does not cut it back', async () => {
  const checkpointer = WalCheckpointer.start(db, { intervalMs: 1_000 });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const limit = db.pragma('journal_size_limit', { simple: true }) as number;
  expect(limit).toBe(walBytesAtRestart(pageSize));
  expect(limit).toBe(32 + 32_768 * (24 + pageSize));
  await checkpointer.stop();
});
