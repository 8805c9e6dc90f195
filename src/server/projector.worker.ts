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
import type { EventStore, StoredEvent, Subscription } from '../ports/event-store';
import type { FromProjector, ProjectorThreadData, ToProjector } from './projector-thread';

const { eventsFile, readModelsFile, rebuild, doorbell, publishMutations, wanted } = workerData as ProjectorThreadData;
const port = parentPort!;
const send = (message: FromProjector) => port.postMessage(message);

const eventsDb = new Database(eventsFile, { readonly: true });
eventsDb.pragma('busy_timeout = 5000');
const log = new SqliteEventStore(eventsDb);
const readDb = openDatabase(readModelsFile);
const read = new SqliteReadStore(readDb);

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
 * How the thread learns of new events without a message per append (waking a thread costs the
 * main thread tens of microseconds on two busy cores): while events flow it looks at the events
 * file's data_version every millisecond; after QUIET_MS without any it rings `doorbell` (sets it
 * to 1) and sleeps until the main thread, seeing the bell, sends one message.
 */
const ACTIVE_POLL_MS = 1;
const QUIET_MS = 200;
const bell = new Int32Array(doorbell);
const dataVersion = eventsDb.prepare('PRAGMA data_version').pluck();
let seenVersion = -1;
let quietSince = Date.now();
let poller: NodeJS.Timeout | undefined;

function poll(): void {
  poller = undefined;
  const version = dataVersion.get() as number;
  if (version !== seenVersion) {
    seenVersion = version;
    quietSince = Date.now();
    wake?.();
  } else if (Date.now() - quietSince > QUIET_MS) {
    Atomics.store(bell, 0, 1);
    // An append that landed just before the bell was set is seen here, so none is missed.
    if ((dataVersion.get() as number) === seenVersion) return;
    Atomics.store(bell, 0, 0);
    seenVersion = -1;
  }
  poller = setTimeout(poll, ACTIVE_POLL_MS);
}

function rung(): void {
  quietSince = Date.now();
  wake?.();
  poller ??= setTimeout(poll, ACTIVE_POLL_MS);
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
  if (message.type === 'appended') rung();
  else if (message.type === 'stop') void stop();
});

async function stop() {
  clearTimeout(poller);
  poller = undefined;
  await projector.stop();
  groupCommit(readDb).flush();
  readDb.close();
  eventsDb.close();
  send({ type: 'stopped' });
  port.close();
}

if (rebuild) await projector.rebuild();
await projector.start();
poll();
send({ type: 'ready', position: projector.projectedPosition });
