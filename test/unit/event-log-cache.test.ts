import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';

const meta = { at: '2026-01-01T00:00:00.000Z' };
const ev = (n: number) => ({ type: 'Noted', data: { n } });
const positions = (events: { position: number }[]) => events.map((e) => e.position);

/** The in-memory tail must answer exactly what SQL would, whoever else writes the file. */
describe('SqliteEventStore reads from its tail of recent appends', () => {
  let dir: string;
  let a: SqliteDb;
  let b: SqliteDb;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'marquee-tail-'));
    a = openDatabase(join(dir, 'marquee.db'));
    b = openDatabase(join(dir, 'marquee.db'));
  });
  afterEach(() => {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees appends made through another connection, in position order', async () => {
    const mine = new SqliteEventStore(a);
    const theirs = new SqliteEventStore(b);
    await mine.append('s-1', 0, [ev(1)], meta);
    await theirs.append('s-1', 1, [ev(2)], meta);
    await mine.append('s-2', 0, [ev(3)], meta);
    expect(positions(await mine.readAll(0, 10))).toEqual([1, 2, 3]);
    expect((await mine.readStream('s-1', 1)).map((e) => e.data)).toEqual([{ n: 2 }]);
    await theirs.append('s-2', 1, [ev(4)], meta);
    expect(positions(await mine.readAll(3, 10))).toEqual([4]);
    expect((await mine.readStream('s-2', 1)).map((e) => e.data)).toEqual([{ n: 4 }]);
  });

  it('refuses to append inside someone else\'s transaction on its connection, and remembers nothing of it', async () => {
    const store = new SqliteEventStore(a);
    await store.append('s-1', 0, [ev(1)], meta);
    let attempt: Promise<unknown> | undefined;
    const rolledBack = a.transaction(() => {
      attempt = store.append('s-1', 1, [ev(2)], meta);
      throw new Error('abandon');
    });
    expect(() => rolledBack()).toThrow('abandon');
    await expect(attempt).rejects.toThrow(/inside another transaction/);
    expect(positions(await store.readAll(0, 10))).toEqual([1]);
    expect(await store.readStream('s-1', 0)).toHaveLength(1);
    await store.append('s-1', 1, [ev(3)], meta);
    expect((await store.readAll(0, 10)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('reads before the tail and past a limit from SQL, with readers not sharing the appender objects', async () => {
    await new SqliteEventStore(a).append('old', 0, [ev(1), ev(2)], meta);
    const store = new SqliteEventStore(a);
    const data = { n: 3 };
    await store.append('new', 0, [{ type: 'Noted', data }], meta);
    expect(positions(await store.readAll(0, 10))).toEqual([1, 2, 3]);
    expect(positions(await store.readAll(1, 1))).toEqual([2]);
    data.n = 99;
    expect((await store.readAll(2, 10))[0]!.data).toEqual({ n: 3 });
  });
});
