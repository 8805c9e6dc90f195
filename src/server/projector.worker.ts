/**
 * The projector's thread (see projector-thread.ts): reads the log through a read-only connection
 * to the event file, keeps the read models in their own file, and reports each batch it has
 * committed — its position and what to publish — to the main thread, which publishes.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { allProjections } from '../app/projections';
import { Projector, type Notification } from '../app/projector';
import { catchUpSubscription } from '../adapters/local/catch-up';
import { groupCommit } from '../adapters/local/group-commit';
import { WriteBehindReadStore } from '../adapters/local/read-store-write-behind';
import { openDatabase } from '../adapters/local/sqlite';
import { SqliteEventStore } from '../adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../adapters/local/sqlite-read-store';
import { WalCheckpointer } from '../adapters/local/wal-checkpointer';
import type { EventStore, StoredEvent, Subscription } from '../ports/event-store';
import type { FromProjector, ProjectorThreadData, ToProjector } from './projector-thread';

const { eventsFile, readModelsFile, rebuild, appends, publishMutations, wanted } = workerData as ProjectorThreadData;
const port = parentPort!;
const send = (message: FromProjector) => port.postMessage(message);

const eventsDb = new Database(eventsFile, { readonly: true });
eventsDb.pragma('busy_timeout = 5000');
const log = new SqliteEventStore(eventsDb);
const readDb = openDatabase(readModelsFile);
const read = new SqliteReadStore(readDb);
// The read models' WAL is checkpointed on a thread of its own, as the log's is: inside this
// thread's commits, a checkpoint (every 1,000 pages, syncing the file) held a batch, and the
// pushes it carries, for 35-145 ms at a time (measured at 32 shoppers; 9-13 ms at most after).
const readCheckpointer = WalCheckpointer.start(readDb);

let toPublish: Notification[] = [];
const wantedFlags = new Int32Array(wanted);
const flagOf = new Map(publishMutations.map((mutation, i) => [mutation, i]));
/** Whether some live subscription would receive a publish of `mutation` (unknown ones always go). */
const isWanted = (mutation: string) => {
  const i = flagOf.get(mutation);
  return i === undefined || Atomics.load(wantedFlags, i) === 1;
};
let wake: (() => void) | undefined;

/**
 * How the thread learns of new events without a message per append (a message costs the main
 * thread tens of microseconds on two busy cores): the main thread bumps `appends` and notifies it
 * at every append, which resolves an `Atomics.waitAsync` here — no polling, no serialisation. Every
 * FALLBACK_MS it also looks at the file's data_version, for appends made by another process.
 */
const FALLBACK_MS = 250;
const appendCount = new Int32Array(appends);
const dataVersion = eventsDb.prepare('PRAGMA data_version').pluck();
let watching = true;

type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

async function watchAppends(): Promise<void> {
  let seenCount = Atomics.load(appendCount, 0);
  let seenVersion = dataVersion.get() as number;
  while (watching) {
    // Waiting is announced before the count is compared, so an append after the comparison sees it and notifies.
    Atomics.store(appendCount, 1, 1);
    const waited = waitAsync(appendCount, 0, seenCount, FALLBACK_MS);
    if (waited.async) await waited.value;
    Atomics.store(appendCount, 1, 0);
    if (!watching) return;
    const count = Atomics.load(appendCount, 0);
    const version = dataVersion.get() as number;
    if (count === seenCount && version === seenVersion) continue;
    seenCount = count;
    seenVersion = version;
    wake?.();
  }
}

/** The log as the projector sees it here: woken by the main thread's appends, reporting each batch done. */
class ThreadFeed implements EventStore {
  append(): never {
    throw new Error('the projector thread does not append');
  }
  readStream(streamId: string, afterVersion?: number) {
    return log.readStream(streamId, afterVersion);
  }
  readAll(afterPosition: number, limit: number) {
    return log.readAll(afterPosition, limit);
  }
  subscribeAll(afterPosition: number, handler: (batch: StoredEvent[]) => Promise<void>): Subscription {
    return catchUpSubscription(
      log,
      afterPosition,
      async (batch) => {
        await handler(batch);
        const notifications = toPublish;
        toPublish = [];
        send({ type: 'projected', position: batch.at(-1)!.position, notifications });
      },
      (listener) => {
        wake = listener;
        return () => (wake = undefined);
      },
    );
  }
  async close() {}
}

const projector = new Projector(
  new ThreadFeed(),
  new WriteBehindReadStore(read, readDb),
  {
    publish: async (mutation, payload) => {
      if (isWanted(mutation)) toPublish.push({ mutation, payload });
    },
  },
  allProjections,
);

port.on('message', (message: ToProjector) => {
  if (message.type === 'stop') void stop();
});

async function stop() {
  watching = false;
  Atomics.notify(appendCount, 0);
  await projector.stop();
  groupCommit(readDb).flush();
  await readCheckpointer.stop();
  readDb.close();
  eventsDb.close();
  port.close();
}

if (rebuild) await projector.rebuild();
await projector.start();
void watchAppends();
send({ type: 'ready', position: projector.projectedPosition });
