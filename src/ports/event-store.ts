/**
 * The event log. Appends are atomic per stream and conditional on the expected
 * version (the number of events the caller saw); global positions order every
 * event for catch-up subscriptions (projections).
 */
export interface EventMeta {
  /** ISO time of the commit. */
  readonly at: string;
  /** Who caused it: a user's sub, or "system:<task>". */
  readonly actor?: string;
  /** The command's idempotency key: a stream holds at most one commit per key. */
  readonly idempotencyKey?: string;
  readonly correlationId?: string;
}

export interface NewEvent {
  readonly type: string;
  readonly data: unknown;
}

export interface StoredEvent extends NewEvent {
  readonly streamId: string;
  /** 1-based position within the stream. */
  readonly version: number;
  /** Global, increasing position across all streams (0 where the runtime has none). */
  readonly position: number;
  /** Payload schema version. */
  readonly v: number;
  readonly meta: EventMeta;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append. */
  readonly version: number;
  /** Global position of the last event appended (0 where the runtime has none). */
  readonly position: number;
  readonly events: readonly StoredEvent[];
}

/** Someone else appended first: reload and decide again. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is no longer at version ${expectedVersion}`);
  }
}

export const isConcurrencyError = (e: unknown): e is ConcurrencyError =>
  e instanceof Error && e.name === 'ConcurrencyError';

export interface Subscription {
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta): Promise<AppendResult>;
  /** Events of one stream with version > afterVersion, in order. */
  readStream(streamId: string, afterVersion?: number): Promise<StoredEvent[]>;
  /** Events of all streams with position > afterPosition, in position order, at most limit. */
  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;
  /**
   * Catch-up subscription: delivers every event after `afterPosition` in batches, in order,
   * then keeps delivering new ones. A batch is delivered again if the handler throws.
   */
  subscribeAll(afterPosition: number, handler: (batch: StoredEvent[]) => Promise<void>): Subscription;
  close(): Promise<void>;
}
