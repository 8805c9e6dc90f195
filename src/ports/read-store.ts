import { ConcurrencyError } from './event-store';

/**
 * Mutable read models, written only by projections. A row remembers, per source
 * stream, the last version applied, so applying an event twice changes nothing.
 */
export interface ReadRow<T> {
  readonly id: string;
  readonly doc: T;
  /** streamId -> last version applied to this row */
  readonly versions: Readonly<Record<string, number>>;
  /** Optional secondary key (a GSI in DynamoDB): e.g. an order's customer. */
  readonly partition?: string;
}

export interface Page<T> {
  readonly items: ReadRow<T>[];
  readonly nextToken?: string;
}

export interface ListOptions {
  readonly partition?: string;
  readonly limit?: number;
  readonly nextToken?: string;
}

/**
 * Optimistic concurrency for a put: the row's `versions` as read, or 'absent' when there was no
 * row. A row changed since is refused with a ConcurrencyError (re-read, re-apply). Versions
 * identify a row's state because every put of a projection advances some stream's version in
 * them (they never repeat, unless a row is deleted and built again).
 */
export interface PutOptions {
  readonly expected?: Readonly<Record<string, number>> | 'absent';
}

export interface ReadStore {
  get<T>(table: string, id: string): Promise<ReadRow<T> | undefined>;
  put<T>(table: string, row: ReadRow<T>, options?: PutOptions): Promise<void>;
  delete(table: string, id: string): Promise<void>;
  /** Rows in id order (by partition when given). */
  list<T>(table: string, options?: ListOptions): Promise<Page<T>>;
  /** Drops every row of the tables and the named checkpoints (used by rebuild). */
  reset(tables: readonly string[], checkpoints: readonly string[]): Promise<void>;
  getCheckpoint(name: string): Promise<number>;
  setCheckpoint(name: string, position: number): Promise<void>;
}

/** Whether two `versions` maps are the same (key order aside). */
export function sameVersions(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/** Whether a row as stored (or its absence) is what a conditional put expected. */
export function matchesExpected(current: Readonly<Record<string, number>> | undefined, options?: PutOptions): boolean {
  const expected = options?.expected;
  if (expected === undefined) return true;
  if (expected === 'absent') return current === undefined;
  return current !== undefined && sameVersions(current, expected);
}

/** The error a conditional put throws when the row changed since it was read. */
export function rowChanged(table: string, id: string): ConcurrencyError {
  const error = new ConcurrencyError(`${table}/${id}`, -1);
  error.message = `read-model row ${table}/${id} changed since it was read`;
  return error;
}
