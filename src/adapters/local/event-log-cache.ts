import type { StoredEvent } from '../../ports/event-store';
import { ForeignCommits } from './foreign-commits';
import { groupCommit } from './group-commit';
import type { SqliteDb } from './sqlite';

// Sized for readers that follow the head (the fulfilment reactors): every event kept here outlives
// a few young-generation collections and is promoted, so a longer tail costs old-space GC time.
const TAIL_MAX = 1_024;
const HEADS_MAX = 20_000;

/**
 * What this connection knows about es_events without asking SQLite: the last events appended
 * (contiguous positions, so catch-up readers near the head skip the query and JSON parsing) and
 * each stream's head version. Shared by every SqliteEventStore on one connection. It is dropped
 * whenever another connection may have written (PRAGMA data_version moved) or a turn's transaction
 * rolled back; callers then fall back to SQL.
 */
export class EventLogCache {
  private tail: StoredEvent[] = [];
  private readonly heads = new Map<string, number>();
  private readonly foreign: ForeignCommits;

  constructor(db: SqliteDb) {
    this.foreign = new ForeignCommits(db);
    groupCommit(db).onRollback(() => this.clear());
  }

  /** Drops everything if another connection committed since the last look. */
  private check(): void {
    if (this.foreign.changed()) this.clear();
  }

  clear(): void {
    this.tail = [];
    this.heads.clear();
  }

  /** Called once an append on this connection has committed. */
  appended(streamId: string, version: number, events: readonly StoredEvent[]): void {
    this.check();
    if (this.heads.size >= HEADS_MAX) this.heads.clear();
    this.heads.set(streamId, version);
    const last = this.tail.at(-1);
    if (last && events[0]!.position !== last.position + 1) this.tail = [];
    for (const e of events) this.tail.push(e);
    if (this.tail.length > TAIL_MAX) this.tail = this.tail.slice(this.tail.length - TAIL_MAX / 2);
  }

  /** The events after `afterPosition` (at most `limit`), or undefined when the tail does not cover them. */
  readAll(afterPosition: number, limit: number): StoredEvent[] | undefined {
    this.check();
    const first = this.tail[0];
    if (!first || afterPosition < first.position - 1 || afterPosition > this.tail.at(-1)!.position) return undefined;
    const from = afterPosition - first.position + 1;
    return this.tail.slice(from, from + limit);
  }

  /** True when the stream is known to end at `version` (nothing to read after it). */
  isHead(streamId: string, version: number): boolean {
    if (this.heads.get(streamId) !== version) return false;
    this.check();
    return this.heads.get(streamId) === version;
  }

  sawStream(streamId: string, version: number): void {
    if (this.heads.size >= HEADS_MAX) this.heads.clear();
    this.heads.set(streamId, version);
  }

  /** A conflict on the stream: what this cache believed of its head is not to be trusted. */
  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}

const caches = new WeakMap<SqliteDb, EventLogCache>();

export function eventLogCache(db: SqliteDb): EventLogCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new EventLogCache(db)));
  return cache;
}
