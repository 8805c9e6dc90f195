import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/adapters/local/group-commit';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';

/** One transaction per turn of the event loop, shared by every writer of the connection. */
describe('GroupCommit', () => {
  let dir: string;
  let db: SqliteDb;
  let other: SqliteDb;
  let commits: GroupCommit;
  const count = (conn: SqliteDb) => (conn.prepare('SELECT COUNT(*) FROM notes').pluck().get() as number);
  const note = (text: string) => () => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).changes;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'marquee-group-'));
    db = openDatabase(join(dir, 'marquee.db'));
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
    other = openDatabase(join(dir, 'marquee.db'));
    commits = new GroupCommit(db);
  });
  afterEach(() => {
    db.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one turn together, and settles each only once they are committed', async () => {
    const writes = [commits.write(note('a')), commits.write(note('b')), commits.write(note('c'))];
    expect(db.inTransaction).toBe(true);
    expect(count(db)).toBe(3); // this connection sees its own writes at once
    expect(count(other)).toBe(0); // nobody else does before the commit
    let settled = false;
    void Promise.all(writes).then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(await Promise.all(writes)).toEqual([1, 1, 1]);
    expect(db.inTransaction).toBe(false);
    expect(count(other)).toBe(3);
  });

  it('rejects a write that throws without taking the rest of the turn with it', async () => {
    const first = commits.write(note('a'));
    const duplicate = commits.write(note('a'));
    const third = commits.write(note('c'));
    await expect(duplicate).rejects.toThrow(/UNIQUE/);
    expect(await first).toBe(1);
    expect(await third).toBe(1);
    expect(other.prepare('SELECT text FROM notes ORDER BY id').pluck().all()).toEqual(['a', 'c']);
  });

  it('rejects every write of a turn whose transaction did not commit', async () => {
    const write = commits.write(note('a'));
    db.prepare('ROLLBACK').run(); // what SQLite does by itself after an I/O error
    const next = commits.write(note('b'));
    await expect(write).rejects.toThrow(/rolled back/);
    expect(await next).toBe(1);
    expect(other.prepare('SELECT text FROM notes').pluck().all()).toEqual(['b']);
  });

  it('refuses to write inside a transaction someone else opened on the connection', async () => {
    let attempt: Promise<unknown> | undefined;
    db.transaction(() => {
      attempt = commits.write(note('a'));
    })();
    await expect(attempt).rejects.toThrow(/inside another transaction/);
    expect(count(other)).toBe(0);
  });

  it('runs after-commit hooks outside the transaction, and commits at once on flush', async () => {
    const seen: boolean[] = [];
    commits.afterCommit(() => seen.push(db.inTransaction));
    const write = commits.write(note('a'));
    commits.flush();
    expect(count(other)).toBe(1);
    expect(seen).toEqual([false]);
    expect(await write).toBe(1);
  });
});
