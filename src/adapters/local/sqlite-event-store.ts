import { EventEmitter } from 'node:events';
import type { SqliteDb } from './sqlite';
import {
  ConcurrencyError,
  type AppendResult,
  type EventMeta,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type Subscription,
} from '../../ports/event-store';
import { catchUpSubscription } from './catch-up';
import { eventLogCache, type EventLogCache } from './event-log-cache';
import { groupCommit, type GroupCommit } from './group-commit';
import { ParsedOnReadEvent } from './parsed-on-read-event';
import { ensureEventSchema } from './sqlite-event-schema';

interface EventRow {
  position: number;
  stream_no: number;
  stream_id: string;
  version: number;
  type: string;
  v: number;
  data: string;
  meta: string;
}

const toStored = (r: EventRow): StoredEvent => ({
  streamId: r.stream_id,
  version: r.version,
  position: r.position,
  type: r.type,
  v: r.v,
  data: JSON.parse(r.data) as unknown,
  meta: JSON.parse(r.meta) as EventMeta,
});

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' || (error as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';

/** Stream numbers remembered (they never change once committed); dropped whole past this many. */
const NUMBERS_MAX = 50_000;

/**
 * The embedded event log (see sqlite-event-schema.ts): `position` is the global order (SQLite's
 * rowid), and (stream number, version) is unique. An append checks the stream's head and inserts in a
 * savepoint of the connection's group commit (one transaction per turn of the event loop, which
 * holds the write lock), so the check cannot be raced — that is the optimistic lock — and the
 * append resolves once the turn's transaction has committed.
 */
export class SqliteEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private readonly insert;
  private readonly head;
  private readonly numberOfStream;
  private readonly newStream;
  private readonly numbers = new Map<string, number>();
  private readonly byStream;
  private readonly all;
  private readonly appendRows: (streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta) => EventRow[];
  private readonly appendTx;
  private readonly cache: EventLogCache;
  private readonly commits: GroupCommit;

  constructor(db: SqliteDb) {
    this.appended.setMaxListeners(0);
    ensureEventSchema(db);
    this.insert = db.prepare(
      'INSERT INTO es_events (stream_no, stream_id, version, type, v, data, meta) VALUES (?, ?, ?, ?, 1, ?, ?)',
    );
    this.head = db.prepare('SELECT MAX(version) AS version FROM es_events WHERE stream_no = ?').pluck();
    this.numberOfStream = db.prepare('SELECT stream_no FROM es_streams WHERE stream_id = ?').pluck();
    this.newStream = db.prepare('INSERT INTO es_streams (stream_id) VALUES (?)');
    this.byStream = db.prepare('SELECT * FROM es_events WHERE stream_no = ? AND version > ? ORDER BY version');
    this.all = db.prepare('SELECT * FROM es_events WHERE position > ? ORDER BY position LIMIT ?');
    this.appendRows = (streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta) => {
        const streamNo = this.streamForAppend(streamId, expectedVersion);
        const metaJson = JSON.stringify(meta);
        const rows: EventRow[] = events.map((e, i) => {
          const version = expectedVersion + i + 1;
          const data = JSON.stringify(e.data);
          let info;
          try {
            info = this.insert.run(streamNo, streamId, version, e.type, data, metaJson);
          } catch (error) {
            // The unique (stream, version) index is the lock: someone appended this version first.
            if (isUniqueViolation(error)) throw new ConcurrencyError(streamId, expectedVersion);
            throw error;
          }
          return { position: Number(info.lastInsertRowid), stream_no: streamNo, stream_id: streamId, version, type: e.type, v: 1, data, meta: metaJson };
        });
        return rows;
      };
    this.appendTx = db.transaction(this.appendRows);
    this.cache = eventLogCache(db);
    this.commits = groupCommit(db);
    // A rolled-back turn may have numbered streams that do not exist after all.
    this.commits.onRollback(() => this.numbers.clear());
  }

  /**
   * The number of the stream an append at `expectedVersion` goes to, once its head is checked. A new
   * stream (version 0, not known here) is numbered straight away; a head this connection knows is
   * trusted, since the unique (stream, version) index refuses a stale one anyway; otherwise SQL says.
   */
  private streamForAppend(streamId: string, expectedVersion: number): number {
    let streamNo = this.numbers.get(streamId);
    if (streamNo === undefined && expectedVersion === 0) {
      try {
        return this.remember(streamId, Number(this.newStream.run(streamId).lastInsertRowid));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    streamNo ??= this.numberOf(streamId);
    if (streamNo === undefined) throw new ConcurrencyError(streamId, expectedVersion);
    if (!this.cache.isHead(streamId, expectedVersion)) {
      const current = (this.head.get(streamNo) as number | null) ?? 0;
      if (current !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion);
    }
    return streamNo;
  }

  /** The stream's number, if it has one (from memory, or SQL once). */
  private numberOf(streamId: string): number | undefined {
    const known = this.numbers.get(streamId);
    if (known !== undefined) return known;
    const stored = this.numberOfStream.get(streamId) as number | undefined;
    return stored === undefined ? undefined : this.remember(streamId, stored);
  }

  private remember(streamId: string, streamNo: number): number {
    if (this.numbers.size >= NUMBERS_MAX) this.numbers.clear();
    this.numbers.set(streamId, streamNo);
    return streamNo;
  }

  async append(streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta) {
    if (events.length === 0) throw new Error('append needs at least one event');
    let rows: EventRow[];
    try {
      rows = await this.commits.write(() => {
        const written = this.writeRows(streamId, expectedVersion, events, meta);
        // Until the turn commits, the cache's head of this stream is behind the transaction, so another
        // read or append of the stream in this turn asks SQL, which sees this one: a second command on it
        // (two fan-out tasks recording on one order) decides on this event instead of on a stale head
        // that the unique index would then refuse.
        this.cache.forget(streamId);
        return written;
      });
    } catch (error) {
      this.cache.forget(streamId);
      throw error;
    }
    const stored = rows.map((r, i): StoredEvent => ({ streamId, version: r.version, position: r.position, type: r.type, v: 1, data: events[i]!.data, meta }));
    const result: AppendResult = { streamId, version: expectedVersion + events.length, position: rows.at(-1)!.position, events: stored };
    // Readers get their own copies, exactly as SQL would return them (not the appender's objects).
    this.cache.appended(streamId, result.version, rows.map((r) => new ParsedOnReadEvent(streamId, r.version, r.position, r.type, r.v, r.data, r.meta)));
    this.appended.emit('appended', result.position);
    return result;
  }

  private writeRows(streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta): EventRow[] {
    // One event on a numbered stream is one INSERT, atomic without a savepoint of its own.
    if (events.length === 1 && this.numbers.has(streamId)) return this.appendRows(streamId, expectedVersion, events, meta);
    try {
      return this.appendTx(streamId, expectedVersion, events, meta);
    } catch (error) {
      // Its savepoint is rolled back: a number it gave a new stream is free again.
      this.numbers.delete(streamId);
      throw error;
    }
  }

  async readStream(streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    if (this.cache.isHead(streamId, afterVersion)) return [];
    const streamNo = this.numberOf(streamId);
    const events = streamNo === undefined ? [] : (this.byStream.all(streamNo, afterVersion) as EventRow[]).map(toStored);
    // Nothing after a new stream's version 0 is worth remembering too: a checkout's new streams are loaded several times.
    this.cache.sawStream(streamId, events.at(-1)?.version ?? afterVersion);
    return events;
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    return this.cache.readAll(afterPosition, limit) ?? (this.all.all(afterPosition, limit) as EventRow[]).map(toStored);
  }

  subscribeAll(afterPosition: number, handler: (batch: StoredEvent[]) => Promise<void>): Subscription {
    return catchUpSubscription(this, afterPosition, handler, (wake) => this.onAppended(wake));
  }

  /** Calls `listener` with the position of each append committed through this store; returns how to stop. */
  onAppended(listener: (position: number) => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
  }
}
