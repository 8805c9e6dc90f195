import { useSyncExternalStore } from 'react';
import { Hub } from 'aws-amplify/utils';
import { CONNECTION_STATE_CHANGE, ConnectionState } from 'aws-amplify/api';

// Amplify's control message when the server acknowledges a subscription (start_ack).
const SUBSCRIPTION_ACK = 'Subscription ack';

let snapshot = { state: ConnectionState.Disconnected as string, acks: 0 };
const listeners = new Set<() => void>();

Hub.listen('api', ({ payload }) => {
  if (payload.event === CONNECTION_STATE_CHANGE)
    snapshot = { ...snapshot, state: (payload.data as { connectionState: string }).connectionState };
  else if (payload.event === SUBSCRIPTION_ACK) snapshot = { ...snapshot, acks: snapshot.acks + 1 };
  else return;
  listeners.forEach((l) => l());
});

/** The realtime WebSocket's state as Amplify reports it ("Connected", …) and how many subscriptions were acknowledged. */
export const useConnectionState = (): { state: string; acks: number } =>
  useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
  );
