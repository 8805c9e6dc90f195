import { useEffect, useRef } from 'react';
import { Hub } from 'aws-amplify/utils';
import { useSession } from '../auth/session';
import { subscribe } from './client';

// Amplify's control message when the server acknowledges a subscription (start_ack).
const SUBSCRIPTION_ACK = 'Subscription ack';
// Amplify reports the query re-printed, so acks are matched by operation name and variables.
const operationName = (query: unknown) => (typeof query === 'string' ? /subscription\s+(\w+)/.exec(query)?.[1] : undefined);

/**
 * Keeps one GraphQL subscription open while the component is mounted (and re-opens it when
 * the variables or the signed-in user change). `onData` may change between renders freely.
 * `onStarted` runs once the server has acknowledged it: a page can re-read then what changed
 * between its first query and the subscription going live.
 */
export function useSubscription<T>(
  query: string,
  variables: Record<string, unknown> | undefined,
  onData: (data: T) => void,
  enabled = true,
  onStarted?: () => void,
): void {
  const { user, ready } = useSession();
  const handler = useRef(onData);
  handler.current = onData;
  const started = useRef(onStarted);
  started.current = onStarted;
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    if (!enabled || !ready) return;
    let acked = false;
    const name = operationName(query);
    const stopListening = Hub.listen('api', ({ payload }) => {
      if (acked || payload.event !== SUBSCRIPTION_ACK) return;
      const data = payload.data as { query?: unknown; variables?: unknown } | undefined;
      if (!name || operationName(data?.query) !== name || JSON.stringify(data?.variables ?? {}) !== key) return;
      acked = true;
      started.current?.();
    });
    const stop = subscribe<T>(query, JSON.parse(key) as Record<string, unknown>, (d) => handler.current(d));
    return () => {
      stopListening();
      stop();
    };
  }, [query, key, enabled, ready, user?.sub]);
}
