import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type { Notification } from '../app/projector';
import { typescriptWorker } from '../adapters/local/typescript-worker';
import type { Publisher } from '../ports/publisher';

const RESTART_DELAY_MS = 1_000;

export interface ProjectorThreadData {
  /** The event log's file (opened read-only there). */
  readonly eventsFile: string;
  /** The read models' file, which only the projector thread writes. */
  readonly readModelsFile: string;
  /** Drop every read model and replay the log before projecting new events. */
  readonly rebuild: boolean;
  /** One Int32 the main thread bumps and notifies at every append (see projector.worker.ts). */
  readonly appends: SharedArrayBuffer;
  /** The publish mutations, and one Int32 each: 1 while some live subscription would receive it. */
  readonly publishMutations: readonly string[];
  readonly wanted: SharedArrayBuffer;
}

/** Who is listening: lets the thread skip changes no live subscription would receive (see SubscriptionHub). */
export interface Demand {
  readonly publishMutations: readonly string[];
  wants(mutation: string): boolean;
  onDemand(listener: (mutation: string, wanted: boolean) => void): void;
}

export type ToProjector = { readonly type: 'stop' };

export type FromProjector =
  | { readonly type: 'ready'; readonly position: number }
  | { readonly type: 'projected'; readonly position: number; readonly notifications: readonly Notification[] };

export interface ProjectorThreadOptions extends Pick<ProjectorThreadData, 'eventsFile' | 'readModelsFile'> {
  readonly rebuild?: boolean;
  /** Where the projections' changes go out (the subscription hub). */
  readonly publisher: Publisher;
  readonly demand: Demand;
  /** How the thread hears of new appends: called with a wake-up function, returns how to stop. */
  readonly onAppended: (wake: () => void) => () => void;
}

/**
 * The embedded runtime's projector, on a thread of its own: the read models are a pure function of
 * the log, so building them needs nothing from the event loop but word of new appends, and on two
 * cores it takes about a fifth of checkout's work off the thread that serves requests and runs
 * workflows. The thread commits each batch to the read models' file, then reports how far it got and
 * what changed; here the changes are published, in order, and then `settled` waiters resolve — the
 * same order as the in-process Projector (read models written, then pushes, then read-your-writes).
 * Changes that no live subscription would receive are not sent over at all.
 * A thread that dies is started again and resumes from its checkpoint (projections are idempotent).
 */
export class ProjectorThread {
  private position = 0;
  private waiters: { position: number; resolve: () => void }[] = [];
  private worker!: Worker;
  private stopping = false;
  /** [0] appends made, [1] 1 while the thread waits for the next one (only then is a notify needed). */
  private readonly appends = new SharedArrayBuffer(8);
  private readonly appendCount = new Int32Array(this.appends);
  private wakeQueued = false;
  private readonly wanted: SharedArrayBuffer;
  private readonly unlisten: () => void;
  private publishing: Promise<void> = Promise.resolve();

  private constructor(private readonly options: ProjectorThreadOptions) {
    this.unlisten = options.onAppended(() => this.wake());
    const { publishMutations } = options.demand;
    this.wanted = new SharedArrayBuffer(4 * publishMutations.length);
    const flags = new Int32Array(this.wanted);
    publishMutations.forEach((mutation, i) => Atomics.store(flags, i, options.demand.wants(mutation) ? 1 : 0));
    options.demand.onDemand((mutation, wanted) => {
      const i = publishMutations.indexOf(mutation);
      if (i >= 0) Atomics.store(flags, i, wanted ? 1 : 0);
    });
  }

  /** Starts the thread; resolves once it projects (after a full replay when `rebuild`). */
  static async start(options: ProjectorThreadOptions): Promise<ProjectorThread> {
    const thread = new ProjectorThread(options);
    await thread.spawn(options.rebuild ?? false);
    return thread;
  }

  settled(position: number): Promise<void> {
    if (position <= this.position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.unlisten();
    const stopped = once(this.worker, 'exit');
    // An unreferenced thread would let the process end before its exit is heard.
    this.worker.ref();
    this.send({ type: 'stop' });
    await stopped;
    await this.publishing;
  }

  private spawn(rebuild: boolean): Promise<void> {
    const { eventsFile, readModelsFile } = this.options;
    const data: ProjectorThreadData = {
      eventsFile,
      readModelsFile,
      rebuild,
      appends: this.appends,
      publishMutations: this.options.demand.publishMutations,
      wanted: this.wanted,
    };
    const worker = typescriptWorker(new URL('./projector.worker.ts', import.meta.url), data);
    worker.unref();
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.on('message', (message: FromProjector) => {
        if (message.type === 'ready') {
          this.advance(message.position, []);
          resolve();
        } else if (message.type === 'projected') this.advance(message.position, message.notifications);
      });
      worker.on('error', (error) => {
        console.error('the projector thread failed', error);
        reject(error);
      });
      worker.on('exit', (code) => {
        if (this.stopping || this.worker !== worker) return;
        console.error(`the projector thread stopped (exit code ${code}); starting it again in ${RESTART_DELAY_MS} ms`);
        // Not at once: a thread that dies on start would otherwise be restarted in a tight loop.
        setTimeout(() => {
          if (!this.stopping) this.spawn(false).catch((error: unknown) => console.error('the projector thread could not start again', error));
        }, RESTART_DELAY_MS).unref();
      });
    });
  }

  /**
   * Counts appends and wakes the thread's `Atomics.waitAsync` if it is waiting: once per burst, since
   * a commit settles a few dozen appends in one go (and each Atomics call here costs a microsecond).
   */
  private wake(): void {
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    queueMicrotask(() => {
      this.wakeQueued = false;
      Atomics.add(this.appendCount, 0, 1);
      if (Atomics.load(this.appendCount, 1) === 1) Atomics.notify(this.appendCount, 0);
    });
  }

  private advance(position: number, notifications: readonly Notification[]): void {
    this.publishing = this.publishing.then(async () => {
      for (const n of notifications) {
        try {
          await this.options.publisher.publish(n.mutation, n.payload);
        } catch (error) {
          // A lost live push is recoverable (clients refetch); a stuck projector is not.
          console.error(`publish ${n.mutation} failed`, error);
        }
      }
      if (position <= this.position) return;
      this.position = position;
      const ready = this.waiters.filter((w) => w.position <= position);
      this.waiters = this.waiters.filter((w) => w.position > position);
      for (const w of ready) w.resolve();
    });
  }

  private send(message: ToProjector): void {
    if (!this.stopping || message.type === 'stop') this.worker.postMessage(message);
  }
}
