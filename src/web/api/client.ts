import { generateClient } from 'aws-amplify/api';
import { toApiError } from './errors';

type AuthMode = 'userPool' | 'apiKey';
type Variables = Record<string, unknown>;

interface Observable<T> {
  subscribe(o: { next: (value: T) => void; error?: (e: unknown) => void }): { unsubscribe(): void };
}
// generateClient's overloads are typed for codegen'd documents; we pass plain strings.
interface PlainClient {
  graphql(options: { query: string; variables?: Variables; authMode: AuthMode }): unknown;
}

let client: PlainClient | undefined;
let authMode: AuthMode = 'apiKey';

/** Called by the session when the user signs in or out: userPool when signed in, apiKey otherwise. */
export function setSignedIn(signedIn: boolean): void {
  authMode = signedIn ? 'userPool' : 'apiKey';
}

const api = (): PlainClient => (client ??= generateClient() as unknown as PlainClient);

/** Runs a query or mutation; resolves with `data`, rejects with an ApiError. */
export async function gql<T>(query: string, variables?: Variables): Promise<T> {
  try {
    const result = (await api().graphql({ query, variables, authMode })) as { data: T };
    return result.data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Subscribes over the realtime WebSocket; returns the unsubscribe function. */
export function subscribe<T>(
  query: string,
  variables: Variables | undefined,
  onData: (data: T) => void,
  onError?: (error: Error) => void,
): () => void {
  const observable = api().graphql({ query, variables, authMode }) as Observable<{ data: T }>;
  const sub = observable.subscribe({
    next: (message) => onData(message.data),
    error: (e) => {
      const err = toApiError(e);
      if (onError) onError(err);
      else console.warn('subscription failed', err);
    },
  });
  return () => sub.unsubscribe();
}
