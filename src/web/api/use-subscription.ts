import { useEffect, useRef } from 'react';
import { useSession } from '../auth/session';
import { subscribe } from './client';

/**
 * Keeps one GraphQL subscription open while the component is mounted (and re-opens it when
 * the variables or the signed-in user change). `onData` may change between renders freely.
 */
export function useSubscription<T>(
  query: string,
  variables: Record<string, unknown> | undefined,
  onData: (data: T) => void,
  enabled = true,
): void {
  const { user, ready } = useSession();
  const handler = useRef(onData);
  handler.current = onData;
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    if (!enabled || !ready) return;
    return subscribe<T>(query, JSON.parse(key) as Record<string, unknown>, (d) => handler.current(d));
  }, [query, key, enabled, ready, user?.sub]);
}
