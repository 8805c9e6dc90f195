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
 * and (stream_id, version) is unique, so a stale expected version fails the insert —
 * that unique index, inside one transaction per append, is the optimistic lock.
 */
export class SqliteEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private readonly insert;
  private readonly head;
  private readonly byStream;
  private readonly all;
  private readonly appendTx;

  constructor(private readonly db: SqliteDb) {
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
      (streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta): AppendResult => {
        const current = (this.head.get(streamId) as number | null) ?? 0;
        if (current !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion);
        const metaJson = JSON.stringify(meta);
        const stored: StoredEvent[] = events.map((e, i) => {
          const version = expectedVersion + i + 1;
          const info = this.insert.run(streamId, version, e.type, JSON.stringify(e.data), metaJson);
          return { streamId, version, position: Number(info.lastInsertRowid), type: e.type, v: 1, data: e.data, meta };
        });
        return {
          streamId,
          version: expectedVersion + events.length,
          position: stored.at(-1)?.position ?? 0,
          events: stored,
        };
      },
    );
  }

  async append(streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta) {
    if (events.length === 0) throw new Error('append needs at least one event');
    const result = this.appendTx(streamId, expectedVersion, events, meta);
    this.appended.emit('appended', result.position);
    return result;
  }

  async readStream(streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    return (this.byStream.all(streamId, afterVersion) as EventRow[]).map(toStored);
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    return (this.all.all(afterPosition, limit) as EventRow[]).map(toStored);
  }

  subscribeAll(afterPosition: number, handler: (batch: StoredEvent[]) => Promise<void>): Subscription {
    return catchUpSubscription(this, afterPosition, handler, (wake) => {
      this.appended.on('appended', wake);
      return () => this.appended.off('appended', wake);
    });
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
  }
}
