import type { EventStore, StoredEvent, Subscription } from '../../ports/event-store';
import type { ReadStore } from '../../ports/read-store';

/**
 * Something that acts on events (issues commands, enqueues webhooks). It must be idempotent:
 * after a crash the last batch is delivered again.
 */
export interface Reactor {
  readonly name: string;
  react(batch: readonly StoredEvent[]): Promise<void>;
}

/**
 * Drives a reactor from the log's catch-up subscription and remembers how far it got in a
 * checkpoint (`reactor:<name>`), so a restart resumes after the last batch it finished instead
 * of replaying the whole log. A batch that throws is delivered again (the subscription retries).
 */
export class CheckpointedReactor {
  private subscription?: Subscription;
  private position = 0;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(
    private readonly events: Pick<EventStore, 'subscribeAll'>,
    private readonly read: Pick<ReadStore, 'getCheckpoint' | 'setCheckpoint'>,
    private readonly reactor: Reactor,
  ) {}

  get checkpointName() {
    return `reactor:${this.reactor.name}`;
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    this.position = await this.read.getCheckpoint(this.checkpointName);
    this.subscription = this.events.subscribeAll(this.position, (batch) => this.handle(batch));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Resolves once the reactor has acted on every event up to `position`. */
  settled(position: number): Promise<void> {
    if (position <= this.position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  private async handle(batch: readonly StoredEvent[]): Promise<void> {
    const last = batch.at(-1);
    if (!last) return;
    // One event-loop turn's grace: appends made meanwhile come as the next batch, one checkpoint commit for all.
    await new Promise((resolve) => setImmediate(resolve));
    await this.reactor.react(batch);
    await this.read.setCheckpoint(this.checkpointName, last.position);
    this.position = last.position;
    const ready = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => w.position > this.position);
    for (const w of ready) w.resolve();
  }
}
