import { isConcurrencyError, type EventStore, type StoredEvent, type Subscription } from '../ports/event-store';
import type { Publisher } from '../ports/publisher';
import type { ReadStore } from '../ports/read-store';
import { optimisticReads } from './optimistic-reads';

/** Attempts at one event when its row keeps being changed underneath (each re-reads and re-applies). */
const MAX_RACE_ATTEMPTS = 20;

export interface Notification {
  readonly mutation: string;
  readonly payload: Record<string, unknown>;
}

/**
 * A projection turns events into read-model rows. It must be idempotent: a row
 * remembers the last version applied per stream, and an event at or below it is
 * skipped. It returns what to publish once its rows are written.
 */
export interface Projection {
  readonly name: string;
  readonly tables: readonly string[];
  apply(event: StoredEvent, read: ReadStore): Promise<Notification[]>;
}

/** Drives projections from the log's catch-up subscription and publishes their changes. */
export class Projector {
  private subscription?: Subscription;
  private position = 0;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(
    private readonly events: EventStore,
    private readonly read: ReadStore,
    private readonly publisher: Publisher,
    private readonly projections: readonly Projection[],
  ) {}

  private get checkpointName() {
    return 'projector';
  }

  async start(): Promise<void> {
    this.position = await this.read.getCheckpoint(this.checkpointName);
    this.subscription = this.events.subscribeAll(this.position, (batch) => this.handle(batch));
  }

  /** Drops every read model and replays the whole log into them. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.read.reset(
      this.projections.flatMap((p) => p.tables),
      [this.checkpointName],
    );
    this.position = 0;
    for (;;) {
      const batch = await this.events.readAll(this.position, 1000);
      if (batch.length === 0) break;
      await this.handle(batch, false);
    }
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** The position of the last event reflected in the read models. */
  get projectedPosition(): number {
    return this.position;
  }

  /** Resolves once every event up to `position` is reflected in the read models. */
  settled(position: number): Promise<void> {
    if (position <= this.position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /**
   * Applies a batch in order and publishes the changes. The local runtime feeds it from
   * the log's subscription; in AWS the DynamoDB Streams Lambda calls it directly.
   */
  async handle(batch: readonly StoredEvent[], publish = true): Promise<void> {
    for (const event of batch) {
      for (const projection of this.projections) {
        const notifications = await this.applyRacing(projection, event);
        if (publish) for (const n of notifications) await this.publishSafely(n);
      }
      this.position = event.position;
    }
    await this.read.setCheckpoint(this.checkpointName, this.position);
    const ready = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => w.position > this.position);
    for (const w of ready) w.resolve();
  }

  /**
   * Applies one event with optimistic writes: when another writer changed a row between this
   * projection's read and its put (in AWS the product-X and inventory-X streams of one products row
   * may arrive on different shards at once), it re-reads and applies again. The per-stream versions
   * make the second application see whether the event is already in.
   */
  private async applyRacing(projection: Projection, event: StoredEvent): Promise<Notification[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await projection.apply(event, optimisticReads(this.read));
      } catch (error) {
        if (!isConcurrencyError(error) || attempt >= MAX_RACE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
      }
    }
  }

  private async publishSafely(n: Notification): Promise<void> {
    try {
      await this.publisher.publish(n.mutation, n.payload);
    } catch (error) {
      // A lost live push is recoverable (clients refetch); a stuck projection is not.
      console.error(`publish ${n.mutation} failed`, error);
    }
  }
}
