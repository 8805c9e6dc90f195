import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../auth/session';
import type { ApiError } from './errors';
import { toApiError } from './errors';

export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  reload(): void;
  /** Replace the data locally (e.g. from a subscription or a mutation result). */
  set(update: (prev: T | undefined) => T | undefined): void;
}

/** Loads once the session is known, and again whenever `deps` or the user change. */
export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): QueryState<T> {
  const { ready, user } = useSession();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!ready) return;
    let live = true;
    setLoading(true);
    load().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(toApiError(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, user?.sub, tick, ...deps]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, set: setData };
}
