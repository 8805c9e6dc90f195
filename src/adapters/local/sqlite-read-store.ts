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

/** Read models as JSON documents in one table keyed by (tbl, id), with a partition index. */
export class SqliteReadStore implements ReadStore {
  private readonly stmts;

  constructor(private readonly db: SqliteDb) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS rm_rows (
        tbl TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, part TEXT,
        PRIMARY KEY (tbl, id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS rm_rows_part ON rm_rows (tbl, part, id);
      CREATE TABLE IF NOT EXISTS rm_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);`);
    this.stmts = {
      get: db.prepare('SELECT * FROM rm_rows WHERE tbl = ? AND id = ?'),
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

  /** The stored versions of a row, for conditional writers (write-behind checks them at commit). */
  versionsOf(table: string, id: string): Record<string, number> | undefined {
    const r = this.stmts.get.get(table, id) as Row | undefined;
    return r ? (JSON.parse(r.versions) as Record<string, number>) : undefined;
  }

  private write<T>(table: string, row: ReadRow<T>) {
    this.stmts.put.run(table, row.id, JSON.stringify(row.doc), JSON.stringify(row.versions), row.partition ?? null);
  }

  async delete(table: string, id: string) {
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
      for (const t of tables) this.stmts.clear.run(t);
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
