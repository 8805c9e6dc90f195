import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from './sqlite';

interface Entry {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** What the work returned. */
  readonly value: unknown;
}

/**
 * One commit per turn of the event loop for every writer on a connection. A commit costs tens of
 * microseconds here whatever it holds, and a checkout makes a dozen small writes (appends, the
 * gateway's rows, the mail row, workflow records, checkpoints): sharing one transaction per turn
 * is what lets hundreds of checkouts a second fit on one core.
 *
 * `write(work)` runs `work` at once inside the turn's transaction (opened with BEGIN IMMEDIATE on the
 * first write), so it sees and is seen by the writes before it on this connection, and returns a
 * promise that resolves only when that transaction has committed: nobody acts on a write that a
 * crash could still take back. A `work` that throws rejects its promise at once (it changed nothing);
 * wrap multi-statement work in `db.transaction()` (a savepoint here) so that it rolls back alone.
 * Other connections see the turn's writes when it commits.
 */
export class GroupCommit {
  /** Commits made through any GroupCommit of this thread (every writer of the thread uses one). */
  static commitsInProcess = 0;

  private entries: Entry[] = [];
  private open = false;
  private batches = 0;
  private scheduled: NodeJS.Immediate | undefined;
  private readonly hooks: (() => void)[] = [];
  private readonly rollbackListeners: (() => void)[] = [];
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;

  constructor(private readonly db: SqliteDb) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /**
   * The number of the transaction open now, if one is. While it is open this connection holds the
   * write lock, so no other connection can commit: what was checked in it stays true until it ends.
   */
  get openBatch(): number | undefined {
    return this.open ? this.batches : undefined;
  }

  write<T>(work: () => T): Promise<T> {
    let value: T;
    try {
      this.join();
      value = work();
    } catch (error) {
      // A write that failed changed nothing, so there is nothing to wait for: a conflict is retried
      // within this turn (a hot stream — one sku in a flash sale — takes many appends per commit).
      return Promise.reject(error);
    }
    const entry: Entry = { value, resolve: noop, reject: noop };
    this.entries.push(entry);
    return new Promise<T>((resolve, reject) => {
      entry.resolve = resolve as (value: unknown) => void;
      entry.reject = reject;
    });
  }

  /** Runs `hook` after every commit, outside any transaction (the WAL checkpointer's moment). */
  afterCommit(hook: () => void): void {
    this.hooks.push(hook);
  }

  /** Called when a turn's transaction is rolled back instead of committed (caches of what it wrote). */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  /** Commits the turn's transaction now and settles its writers. */
  flush(): void {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    let failure: unknown;
    try {
      if (this.open) {
        this.open = false;
        if (!this.db.inTransaction) throw new Error('the transaction of this turn was rolled back by SQLite');
        this.commit.run();
        GroupCommit.commitsInProcess++;
      }
    } catch (error) {
      failure = error;
      this.abandon();
    }
    const entries = this.entries;
    this.entries = [];
    for (const entry of entries) {
      if (failure !== undefined) entry.reject(failure);
      else entry.resolve(entry.value);
    }
    for (const hook of this.hooks) {
      try {
        hook();
      } catch (error) {
        console.error('after-commit hook failed', error);
      }
    }
  }

  private join(): void {
    if (this.open) {
      if (this.db.inTransaction) return;
      // SQLite gave the transaction up (an I/O error, say): what it held is gone.
      this.open = false;
      this.failPending(new Error('the transaction of this turn was rolled back by SQLite'));
    }
    if (!this.db.open) throw new Error('the database is closed');
    if (this.db.inTransaction) throw new Error('cannot write inside another transaction on this connection: it commits its own');
    this.begin.run();
    this.open = true;
    this.batches++;
    this.scheduled ??= setImmediate(() => this.flush());
  }

  private abandon(): void {
    this.open = false;
    if (this.db.open && this.db.inTransaction) this.rollback.run();
    for (const listener of this.rollbackListeners) listener();
  }

  private failPending(error: Error): void {
    const entries = this.entries;
    this.entries = [];
    for (const listener of this.rollbackListeners) listener();
    for (const entry of entries) entry.reject(error);
  }
}

const noop = () => {};

const shared = new WeakMap<SqliteDb, GroupCommit>();

/** The connection's one GroupCommit (every adapter on a connection must share it). */
export function groupCommit(db: SqliteDb): GroupCommit {
  let commits = shared.get(db);
  if (!commits) shared.set(db, (commits = new GroupCommit(db)));
  return commits;
}
