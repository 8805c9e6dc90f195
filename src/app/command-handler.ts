import type { Decider, DomainEvent } from '../domain/decider';
import type { Clock } from '../ports/clock';
import { isConcurrencyError, type AppendResult, type EventStore, type StoredEvent } from '../ports/event-store';

export interface CommandOptions {
  /** The same key on the same stream appends once; a repeat returns the first outcome. */
  readonly idempotencyKey?: string;
  readonly actor?: string;
  readonly correlationId?: string;
}

export interface CommandOutcome<S> {
  readonly state: S;
  /** Stream version after the command. */
  readonly version: number;
  /** Global position of the last appended event (0 if nothing was appended). */
  readonly position: number;
  /** Events this command appended, or those of the first run for a repeated idempotency key. */
  readonly events: readonly StoredEvent[];
  readonly duplicate: boolean;
}

interface Cached<S> {
  version: number;
  state: S;
  /** idempotency key -> the events of its commit */
  keys: Map<string, StoredEvent[]>;
}

const MAX_ATTEMPTS = 50;

/**
 * Load → decide → append with optimistic concurrency, retrying on conflict.
 * A per-process cache of folded states (by stream and version) means a busy stream
 * (a popular sku's inventory) is read incrementally, not from the start each time;
 * a stale cache is harmless because the append is conditional on the version.
 */
export class CommandHandler {
  private readonly cache = new Map<string, Cached<unknown>>();

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
    private readonly cacheLimit = 2_048,
  ) {}

  async load<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string): Promise<Cached<S>> {
    const cached = this.cache.get(streamId) as Cached<S> | undefined;
    const fresh = await this.events.readStream(streamId, cached?.version ?? 0);
    if (fresh.length === 0 && cached) return cached;
    const base: Cached<S> = cached ?? { version: 0, state: decider.initialState, keys: new Map() };
    let { state } = base;
    let keys = base.keys;
    for (const event of fresh) {
      state = decider.evolve(state, event as unknown as E);
      const key = event.meta.idempotencyKey;
      if (!key) continue;
      if (keys === base.keys) keys = new Map(keys);
      keys.set(key, [...(keys.get(key) ?? []), event]);
    }
    const next: Cached<S> = { version: fresh.at(-1)?.version ?? base.version, state, keys };
    this.remember(streamId, next);
    return next;
  }

  async handle<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
    command: C,
    options: CommandOptions = {},
  ): Promise<CommandOutcome<S>> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(decider, streamId);
      const previous = options.idempotencyKey ? current.keys.get(options.idempotencyKey) : undefined;
      if (previous)
        return { state: current.state, version: current.version, position: 0, events: previous, duplicate: true };
      const decided = decider.decide(command, current.state);
      if (decided.length === 0)
        return { state: current.state, version: current.version, position: 0, events: [], duplicate: false };
      let result: AppendResult;
      try {
        result = await this.events.append(streamId, current.version, decided, {
          at: this.clock.now().toISOString(),
          ...(options.actor ? { actor: options.actor } : {}),
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
          ...(options.correlationId ? { correlationId: options.correlationId } : {}),
        });
      } catch (error) {
        if (isConcurrencyError(error) && attempt < MAX_ATTEMPTS) {
          // Events are never rewritten, so the cached state is still a true prefix of the stream and
          // reading what came after it is enough (two fan-out tasks recording on one order collide
          // often); should conflicts repeat, start over from the log in case the cache ran ahead of it.
          if (attempt > 1) this.cache.delete(streamId);
          await backoff(attempt);
          continue;
        }
        throw error;
      }
      const state = decided.reduce(decider.evolve, current.state);
      const keys = options.idempotencyKey ? new Map(current.keys).set(options.idempotencyKey, [...result.events]) : current.keys;
      this.remember(streamId, { version: result.version, state, keys });
      return { state, version: result.version, position: result.position, events: result.events, duplicate: false };
    }
  }

  private remember(streamId: string, entry: Cached<unknown>): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, entry);
    if (this.cache.size > this.cacheLimit) this.cache.delete(this.cache.keys().next().value!);
  }
}

const backoff = (attempt: number) =>
  attempt <= 2 ? Promise.resolve() : new Promise((r) => setTimeout(r, Math.min(50, attempt * 2) * Math.random()));
