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

export interface ReadStore {
  get<T>(table: string, id: string): Promise<ReadRow<T> | undefined>;
  put<T>(table: string, row: ReadRow<T>): Promise<void>;
  delete(table: string, id: string): Promise<void>;
  /** Rows in id order (by partition when given). */
  list<T>(table: string, options?: ListOptions): Promise<Page<T>>;
  /** Drops every row of the tables and the named checkpoints (used by rebuild). */
  reset(tables: readonly string[], checkpoints: readonly string[]): Promise<void>;
  getCheckpoint(name: string): Promise<number>;
  setCheckpoint(name: string, position: number): Promise<void>;
}
