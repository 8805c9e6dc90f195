import { matchesExpected, rowChanged, type ListOptions, type Page, type PutOptions, type ReadRow, type ReadStore } from '../../ports/read-store';
import { ForeignCommits } from './foreign-commits';
import { groupCommit, type GroupCommit } from './group-commit';
import type { SqliteDb } from './sqlite';
import type { SqliteReadStore } from './sqlite-read-store';

/**
 * The projector's view of the SQLite read store: rows it puts are kept in memory and written,
 * with the checkpoint, in one savepoint of the connection's group commit when it records the
 * checkpoint at the end of a batch — instead of one commit per row, which dominated checkout's CPU
 * profile. Its own gets see its pending rows. A crash before the commit loses rows and checkpoint
 * together, and the batch is projected again (projections are idempotent). Everyone else reads the
 * store itself, and only after `settled`, which the projector resolves after the checkpoint is committed.
 *
 * It also remembers the rows it has read or written (up to KNOWN_MAX, parsed): an order's row is
 * read from SQL once, not at each of its events. Projections treat rows as immutable values, so
 * they may share these objects. A row is forgotten when `inner` writes it for someone else; all
 * are, when another connection commits or a turn's transaction rolls back.
 */
export class WriteBehindReadStore implements ReadStore {
  private pending = new Map<string, Pending>();
  /** Rows as stored (null: known to be absent). */
  private readonly known = new Map<string, ReadRow<unknown> | null>();
  private readonly commit: (rows: Pending[], checkpoint?: { name: string; position: number }) => void;
  private readonly commits: GroupCommit;
  private readonly foreign: ForeignCommits;

  /** `inner` must be the SqliteReadStore on `db`: the batch is written to its tables directly. */
  constructor(
    private readonly inner: SqliteReadStore,
    db: SqliteDb,
  ) {
    const putCheckpoint = db.prepare(
      'INSERT INTO rm_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    // One savepoint for the batch, so one refused row rolls the whole batch back.
    this.commit = db.transaction((rows, checkpoint) => {
      for (const { table, row, base } of rows) {
        // A conditional put was checked against `base`; the row must still be that when the batch lands.
        if (base !== undefined && !matchesExpected(this.storedVersions(table, row.id), { expected: base })) throw rowChanged(table, row.id);
        // A new row (an order's first event) was looked up and found absent: it is inserted at once.
        inner.write(table, row, this.known.get(key(table, row.id)) === null);
      }
      if (checkpoint) putCheckpoint.run(checkpoint.name, checkpoint.position);
    });
    this.commits = groupCommit(db);
    this.foreign = new ForeignCommits(db);
    this.commits.onRollback(() => this.known.clear());
    inner.onWrite((table, id) => {
      if (id === undefined) this.known.clear();
      else this.known.delete(key(table, id));
    });
  }

  async get<T>(table: string, id: string): Promise<ReadRow<T> | undefined> {
    const k = key(table, id);
    const held = this.pending.get(k);
    if (held) return held.row as ReadRow<T>;
    return (this.stored(table, id, k) ?? undefined) as ReadRow<T> | undefined;
  }

  async put<T>(table: string, row: ReadRow<T>, options?: PutOptions): Promise<void> {
    const k = key(table, row.id);
    const held = this.pending.get(k);
    if (options?.expected !== undefined) {
      const current = held ? held.row.versions : this.storedVersions(table, row.id);
      if (!matchesExpected(current, options)) throw rowChanged(table, row.id);
    }
    // The first conditional put of a row fixes what the stored row must still be at commit.
    const base = held?.base ?? (options?.expected === undefined || held ? undefined : options.expected);
    this.pending.set(k, { table, row, ...(base === undefined ? {} : { base }) });
  }

  async delete(table: string, id: string): Promise<void> {
    await this.flush();
    await this.inner.delete(table, id);
    this.remember(key(table, id), null);
  }

  async list<T>(table: string, options?: ListOptions): Promise<Page<T>> {
    await this.flush();
    return this.inner.list<T>(table, options);
  }

  async reset(tables: readonly string[], checkpoints: readonly string[]): Promise<void> {
    this.pending.clear();
    this.known.clear();
    await this.inner.reset(tables, checkpoints);
  }

  getCheckpoint(name: string): Promise<number> {
    return this.inner.getCheckpoint(name);
  }

  /** Settles once rows and checkpoint are committed. */
  setCheckpoint(name: string, position: number): Promise<void> {
    return this.commitPending({ name, position });
  }

  private async flush(): Promise<void> {
    if (this.pending.size > 0) await this.commitPending();
  }

  /** A refused batch is dropped like a crashed one: its events are projected again from the log. */
  private commitPending(checkpoint?: { name: string; position: number }): Promise<void> {
    const rows = [...this.pending.values()];
    this.pending = new Map();
    return this.commits.write(() => {
      this.commit(rows, checkpoint);
      for (const { table, row } of rows) this.remember(key(table, row.id), row);
    });
  }

  /** The row as stored (null when absent), from memory when known. */
  private stored(table: string, id: string, k = key(table, id)): ReadRow<unknown> | null {
    if (this.foreign.changed()) this.known.clear();
    const known = this.known.get(k);
    if (known !== undefined) return known;
    const row = this.inner.getNow<unknown>(table, id) ?? null;
    this.remember(k, row);
    return row;
  }

  private storedVersions(table: string, id: string): Record<string, number> | undefined {
    return this.stored(table, id)?.versions;
  }

  private remember(k: string, row: ReadRow<unknown> | null): void {
    this.known.delete(k);
    this.known.set(k, row);
    if (this.known.size > KNOWN_MAX) this.known.delete(this.known.keys().next().value!);
  }
}

const KNOWN_MAX = 20_000;

interface Pending {
  readonly table: string;
  readonly row: ReadRow<unknown>;
  /** What the stored row was expected to be by the first conditional put of this batch. */
  readonly base?: PutOptions['expected'];
}

const key = (table: string, id: string) => `${table}\u0000${id}`;
