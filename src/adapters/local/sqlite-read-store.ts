import type { SqliteDb } from './sqlite';
import { matchesExpected, rowChanged, type ListOptions, type Page, type PutOptions, type ReadRow, type ReadStore } from '../../ports/read-store';

interface Row {
  id: string;
  doc: string;
  versions: string;
  part: string | null;
}

const toRow = <T>(r: Row): ReadRow<T> => ({
  id: r.id,
  doc: JSON.parse(r.doc) as T,
  versions: JSON.parse(r.versions) as Record<string, number>,
  ...(r.part === null ? {} : { partition: r.part }),
});

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS rm_rows (
    tbl TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, part TEXT,
    UNIQUE (tbl, id)
  );
  CREATE INDEX IF NOT EXISTS rm_rows_part ON rm_rows (tbl, part, id);
  CREATE TABLE IF NOT EXISTS rm_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);`;

/**
 * Read models as JSON documents in one table keyed by (tbl, id), with a partition index.
 *
 * A rowid table, not WITHOUT ROWID: documents (an order is ~1.3 kB) then fit in their leaf page
 * instead of spilling to an overflow page on every write, and an update that keeps the partition
 * rewrites that one page and no index (measured: 4 kB of WAL per update instead of 11 kB).
 */
export class SqliteReadStore implements ReadStore {
  private readonly stmts;
  private readonly writeListeners: ((table: string, id: string | undefined) => void)[] = [];

  constructor(private readonly db: SqliteDb) {
    migrateFromWithoutRowid(db);
    db.exec(SCHEMA);
    this.stmts = {
      get: db.prepare('SELECT * FROM rm_rows WHERE tbl = ? AND id = ?'),
      update: db.prepare('UPDATE rm_rows SET doc = ?, versions = ? WHERE tbl = ? AND id = ? AND part IS ?'),
      put: db.prepare(
        `INSERT INTO rm_rows (tbl, id, doc, versions, part) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (tbl, id) DO UPDATE SET doc = excluded.doc, versions = excluded.versions, part = excluded.part`,
      ),
      del: db.prepare('DELETE FROM rm_rows WHERE tbl = ? AND id = ?'),
      list: db.prepare('SELECT * FROM rm_rows WHERE tbl = ? AND id > ? ORDER BY id LIMIT ?'),
      listPart: db.prepare('SELECT * FROM rm_rows WHERE tbl = ? AND part = ? AND id > ? ORDER BY id LIMIT ?'),
      clear: db.prepare('DELETE FROM rm_rows WHERE tbl = ?'),
      getCp: db.prepare('SELECT position FROM rm_checkpoints WHERE name = ?').pluck(),
      setCp: db.prepare(
        'INSERT INTO rm_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      ),
      delCp: db.prepare('DELETE FROM rm_checkpoints WHERE name = ?'),
    };
  }

  async get<T>(table: string, id: string) {
    return this.getNow<T>(table, id);
  }

  /** `get`, synchronously (for the write-behind store's batches). */
  getNow<T>(table: string, id: string): ReadRow<T> | undefined {
    const r = this.stmts.get.get(table, id) as Row | undefined;
    return r ? toRow<T>(r) : undefined;
  }

  async put<T>(table: string, row: ReadRow<T>, options?: PutOptions) {
    if (options?.expected === undefined) return void this.write(table, row);
    // IMMEDIATE: the write lock is taken before the check, so no other connection slips in between.
    this.db
      .transaction(() => {
        if (!matchesExpected(this.versionsOf(table, row.id), options)) throw rowChanged(table, row.id);
        this.write(table, row);
      })
      .immediate();
  }

  private versionsOf(table: string, id: string): Record<string, number> | undefined {
    const r = this.stmts.get.get(table, id) as Row | undefined;
    return r ? (JSON.parse(r.versions) as Record<string, number>) : undefined;
  }

  /** Tells `listener` of every row this store writes or deletes (id undefined: the whole table). */
  onWrite(listener: (table: string, id: string | undefined) => void): void {
    this.writeListeners.push(listener);
  }

  /**
   * Writes a row as it is, unconditionally (the write-behind store's batches use it too). A row
   * believed `absent` goes straight to the upsert, without first trying the UPDATE most rows take.
   */
  write<T>(table: string, row: ReadRow<T>, absent = false) {
    for (const listener of this.writeListeners) listener(table, row.id);
    const doc = JSON.stringify(row.doc);
    const versions = JSON.stringify(row.versions);
    const part = row.partition ?? null;
    if (absent || this.stmts.update.run(doc, versions, table, row.id, part).changes === 0) this.stmts.put.run(table, row.id, doc, versions, part);
  }

  async delete(table: string, id: string) {
    for (const listener of this.writeListeners) listener(table, id);
    this.stmts.del.run(table, id);
  }

  async list<T>(table: string, options: ListOptions = {}): Promise<Page<T>> {
    const limit = Math.max(1, Math.min(options.limit ?? 1000, 10_000));
    const after = options.nextToken ?? '';
    const rows = (
      options.partition === undefined
        ? this.stmts.list.all(table, after, limit + 1)
        : this.stmts.listPart.all(table, options.partition, after, limit + 1)
    ) as Row[];
    const items = rows.slice(0, limit).map((r) => toRow<T>(r));
    return rows.length > limit ? { items, nextToken: items.at(-1)!.id } : { items };
  }

  async reset(tables: readonly string[], checkpoints: readonly string[]) {
    this.db.transaction(() => {
      for (const t of tables) {
        for (const listener of this.writeListeners) listener(t, undefined);
        this.stmts.clear.run(t);
      }
      for (const c of checkpoints) this.stmts.delCp.run(c);
    })();
  }

  async getCheckpoint(name: string) {
    return (this.stmts.getCp.get(name) as number | undefined) ?? 0;
  }

  async setCheckpoint(name: string, position: number) {
    this.stmts.setCp.run(name, position);
  }
}

/** Databases made before rm_rows was a rowid table get their rows copied into the new layout once. */
function migrateFromWithoutRowid(db: SqliteDb): void {
  const existing = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'rm_rows'`).pluck().get() as string | undefined;
  if (!existing || !/WITHOUT\s+ROWID/i.test(existing)) return;
  db.transaction(() => {
    db.exec(`DROP INDEX IF EXISTS rm_rows_part; ALTER TABLE rm_rows RENAME TO rm_rows_without_rowid;`);
    db.exec(SCHEMA);
    db.exec(`INSERT INTO rm_rows (tbl, id, doc, versions, part) SELECT tbl, id, doc, versions, part FROM rm_rows_without_rowid ORDER BY tbl, id;
             DROP TABLE rm_rows_without_rowid;`);
  })();
}
