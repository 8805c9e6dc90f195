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

interface EventRow {
  position: number;
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

/**
 * The embedded event log: one table, `position` is the global order (SQLite's rowid),
 * and (stream_id, version) is unique. An append checks the stream's head and inserts in a
 * savepoint of the connection's group commit (one transaction per turn of the event loop, which
 * holds the write lock), so the check cannot be raced — that is the optimistic lock — and the
 * append resolves once the turn's transaction has committed.
 */
export class SqliteEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private readonly insert;
  private readonly head;
  private readonly byStream;
  private readonly all;
  private readonly appendTx;
  private readonly cache: EventLogCache;
  private readonly commits: GroupCommit;

  constructor(db: SqliteDb) {
    this.appended.setMaxListeners(0);
    db.exec(`
      CREATE TABLE IF NOT EXISTS es_events (
        position  INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id TEXT NOT NULL,
        version   INTEGER NOT NULL,
        type      TEXT NOT NULL,
        v         INTEGER NOT NULL DEFAULT 1,
        data      TEXT NOT NULL,
        meta      TEXT NOT NULL,
        UNIQUE (stream_id, version)
      );`);
    this.insert = db.prepare(
      'INSERT INTO es_events (stream_id, version, type, v, data, meta) VALUES (?, ?, ?, 1, ?, ?)',
    );
    this.head = db.prepare('SELECT MAX(version) AS version FROM es_events WHERE stream_id = ?').pluck();
    this.byStream = db.prepare('SELECT * FROM es_events WHERE stream_id = ? AND version > ? ORDER BY version');
    this.all = db.prepare('SELECT * FROM es_events WHERE position > ? ORDER BY position LIMIT ?');
    this.appendTx = db.transaction(
      (streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta) => {
        const current = (this.head.get(streamId) as number | null) ?? 0;
        if (current !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion);
        const metaJson = JSON.stringify(meta);
        const rows: EventRow[] = events.map((e, i) => {
          const version = expectedVersion + i + 1;
          const data = JSON.stringify(e.data);
          const info = this.insert.run(streamId, version, e.type, data, metaJson);
          return { position: Number(info.lastInsertRowid), stream_id: streamId, version, type: e.type, v: 1, data, meta: metaJson };
        });
        return rows;
      },
    );
    this.cache = eventLogCache(db);
    this.commits = groupCommit(db);
  }

  async append(streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta) {
    if (events.length === 0) throw new Error('append needs at least one event');
    let rows: EventRow[];
    try {
      rows = await this.commits.write(() => this.appendTx(streamId, expectedVersion, events, meta));
    } catch (error) {
      this.cache.forget(streamId);
      throw error;
    }
    const stored = rows.map((r, i): StoredEvent => ({ streamId, version: r.version, position: r.position, type: r.type, v: 1, data: events[i]!.data, meta }));
    const result: AppendResult = { streamId, version: expectedVersion + events.length, position: rows.at(-1)!.position, events: stored };
    // Readers get their own copies, exactly as SQL would return them (not the appender's objects).
    this.cache.appended(streamId, result.version, rows.map(toStored));
    this.appended.emit('appended', result.position);
    return result;
  }

  async readStream(streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    if (this.cache.isHead(streamId, afterVersion)) return [];
    const events = (this.byStream.all(streamId, afterVersion) as EventRow[]).map(toStored);
    const last = events.at(-1);
    if (last) this.cache.sawStream(streamId, last.version);
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
