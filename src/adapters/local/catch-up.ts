import type { EventStore, StoredEvent, Subscription } from '../../ports/event-store';

const BATCH = 500;

/**
 * Delivers every event after `from` in position order, then waits for `onWake`
 * (a new append) or a poll tick. A failing handler gets the same batch again after
 * a pause, so a projection never skips an event.
 */
export function catchUpSubscription(
  store: Pick<EventStore, 'readAll'>,
  from: number,
  handler: (batch: StoredEvent[]) => Promise<void>,
  listen: (wake: () => void) => () => void,
  pollMs = 1000,
): Subscription {
  let position = from;
  let closed = false;
  let wakeUp: (() => void) | undefined;
  let dirty = true;
  const wake = () => {
    dirty = true;
    wakeUp?.();
  };
  const unlisten = listen(wake);
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!closed) {
      if (!dirty) await sleep(pollMs);
      dirty = false;
      while (!closed) {
        const batch = await store.readAll(position, BATCH);
        if (batch.length === 0) break;
        try {
          await handler(batch);
          position = batch.at(-1)!.position;
        } catch (error) {
          console.error('subscription handler failed; retrying the batch', error);
          await sleep(pollMs);
        }
      }
    }
  })();

  return {
    async close() {
      closed = true;
      unlisten();
      wakeUp?.();
      await loop;
    },
  };
}
