import type { SqliteDb } from './sqlite';

/**
 * The event log's tables. Streams are numbered in the order they are created and events are
 * indexed by (stream number, version): a new order's events then land at the end of that index,
 * in the few pages every recent order shares, instead of one random page per event as an index on
 * the stream's name ("order-<hash>") would — measured here, 1.1 kB of WAL and 5 µs per event instead
 * of 6 kB and 16 µs. Only creating a stream touches the (random) name index, once.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS es_streams (
  stream_no INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS es_events (
  position  INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_no INTEGER NOT NULL,
  stream_id TEXT NOT NULL,
  version   INTEGER NOT NULL,
  type      TEXT NOT NULL,
  v         INTEGER NOT NULL DEFAULT 1,
  data      TEXT NOT NULL,
  meta      TEXT NOT NULL,
  UNIQUE (stream_no, version)
);`;

/** A log written before streams were numbered: its events keep their positions, streams get numbers in order of creation. */
const FROM_UNNUMBERED = `
ALTER TABLE es_events RENAME TO es_events_unnumbered;
${SCHEMA}
INSERT INTO es_streams (stream_id) SELECT stream_id FROM es_events_unnumbered GROUP BY stream_id ORDER BY MIN(position);
INSERT INTO es_events (position, stream_no, stream_id, version, type, v, data, meta)
  SELECT e.position, s.stream_no, e.stream_id, e.version, e.type, e.v, e.data, e.meta
  FROM es_events_unnumbered e JOIN es_streams s ON s.stream_id = e.stream_id ORDER BY e.position;
DROP TABLE es_events_unnumbered;`;

export function ensureEventSchema(db: SqliteDb): void {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('es_events')`).pluck().all() as string[];
  if (columns.length > 0 && !columns.includes('stream_no')) {
    if (db.readonly) throw new Error('the event log needs its one-time upgrade: open it writable first');
    db.transaction(() => db.exec(FROM_UNNUMBERED))();
    return;
  }
  if (!db.readonly || columns.length === 0) db.exec(SCHEMA);
}
