import { matchesExpected, rowChanged, type ListOptions, type Page, type PutOptions, type ReadRow, type ReadStore } from '../../ports/read-store';
import type { SqliteDb } from './sqlite';
import type { SqliteReadStore } from './sqlite-read-store';

/**
 * The projector's view of the SQLite read store: rows it puts are kept in memory and written,
 * with the checkpoint, in ONE transaction when it records the checkpoint at the end of a batch —
 * instead of one commit per row, which dominated checkout's CPU profile. Its own gets see its
 * pending rows. A crash before the checkpoint loses rows and checkpoint together, and the batch
 * is projected again (projections are idempotent). Everyone else reads the store itself, and
 * only after `settled`, which the projector resolves after the checkpoint is committed.
 */
export class WriteBehindReadStore implements ReadStore {
  private pending = new Map<string, Pending>();
  private readonly commit: (rows: Pending[], checkpoint?: { name: string; position: number }) => void;

  /** `inner` must be the SqliteReadStore on `db`: the batch is written to its tables directly. */
  constructor(
    private readonly inner: SqliteReadStore,
    db: SqliteDb,
  ) {
    // The same upserts as SqliteReadStore, run synchronously so one failure rolls the whole batch back.
    const putRow = db.prepare(
      `INSERT INTO rm_rows (tbl, id, doc, versions, part) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tbl, id) DO UPDATE SET doc = excluded.doc, versions = excluded.versions, part = excluded.part`,
    );
    const putCheckpoint = db.prepare(
      'INSERT INTO rm_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.commit = db.transaction((rows, checkpoint) => {
      for (const { table, row, base } of rows) {
        // A conditional put was checked against `base`; the row must still be that when the batch lands.
        if (base !== undefined && !matchesExpected(inner.versionsOf(table, row.id), { expected: base })) throw rowChanged(table, row.id);
        putRow.run(table, row.id, JSON.stringify(row.doc), JSON.stringify(row.versions), row.partition ?? null);
      }
      if (checkpoint) putCheckpoint.run(checkpoint.name, checkpoint.position);
    });
  }

  async get<T>(table: string, id: string): Promise<ReadRow<T> | undefined> {
    const held = this.pending.get(key(table, id));
    return held ? (held.row as ReadRow<T>) : this.inner.get<T>(table, id);
  }

  async put<T>(table: string, row: ReadRow<T>, options?: PutOptions): Promise<void> {
    const k = key(table, row.id);
    const held = this.pending.get(k);
    if (options?.expected !== undefined) {
      const current = held ? held.row.versions : this.inner.versionsOf(table, row.id);
      if (!matchesExpected(current, options)) throw rowChanged(table, row.id);
    }
    // The first conditional put of a row fixes what the stored row must still be at commit.
    const base = held?.base ?? (options?.expected === undefined || held ? undefined : options.expected);
    this.pending.set(k, { table, row, ...(base === undefined ? {} : { base }) });
  }

  async delete(table: string, id: string): Promise<void> {
    await this.flush();
    await this.inner.delete(table, id);
  }

  async list<T>(table: string, options?: ListOptions): Promise<Page<T>> {
    await this.flush();
    return this.inner.list<T>(table, options);
  }

  async reset(tables: readonly string[], checkpoints: readonly string[]): Promise<void> {
    this.pending.clear();
    await this.inner.reset(tables, checkpoints);
  }

  getCheckpoint(name: string): Promise<number> {
    return this.inner.getCheckpoint(name);
  }

  async setCheckpoint(name: string, position: number): Promise<void> {
    this.commitPending({ name, position });
  }

  private async flush(): Promise<void> {
    this.commitPending();
  }

  /** A refused batch is dropped like a crashed one: its events are projected again from the log. */
  private commitPending(checkpoint?: { name: string; position: number }) {
    const rows = [...this.pending.values()];
    this.pending = new Map();
    this.commit(rows, checkpoint);
  }
}

interface Pending {
  readonly table: string;
  readonly row: ReadRow<unknown>;
  /** What the stored row was expected to be by the first conditional put of this batch. */
  readonly base?: PutOptions['expected'];
}

const key = (table: string, id: string) => `${table}\u0000${id}`;
