import { Amplify } from 'aws-amplify';
import { decodeJWT } from '@aws-amplify/core';
import { generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { parse, print } from 'graphql';
import WebSocket from 'ws';

/**
 * The real aws-amplify v6 client in Node. Node 20 has no global WebSocket, and Amplify
 * always dials wss:// for a custom endpoint; this wrapper uses `ws` and dials ws:// for
 * loopback hosts only — the same thing the web app's local-mode wrapper does in a browser.
 */
class LoopbackWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(String(url).replace(/^wss:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/])/, 'ws://$1$2'), protocols);
  }
}

let currentToken: string | undefined;

type AuthMode = 'apiKey' | 'userPool';
interface Observable<T> {
  subscribe(o: { next(v: T): void; error(e: unknown): void }): { unsubscribe(): void };
}
/** The slice of Amplify's generated client these tests use, typed plainly. */
export interface AmplifyGraphQL {
  graphql<T>(o: { query: string; variables?: Record<string, unknown>; authMode: AuthMode }): Promise<{ data: T }>;
  subscribe<T>(o: { query: string; variables?: Record<string, unknown>; authMode: AuthMode }): Observable<{ data: T }>;
}

export async function configureAmplify(baseUrl: string): Promise<AmplifyGraphQL> {
  (globalThis as { WebSocket?: unknown }).WebSocket = LoopbackWebSocket;
  const outputs = (await (await fetch(`${baseUrl}/amplify_outputs.json`)).json()) as Parameters<typeof Amplify.configure>[0];
  Amplify.configure(outputs, {
    Auth: {
      tokenProvider: {
        getTokens: async () => (currentToken ? { accessToken: decodeJWT(currentToken) } : null),
      },
    },
  });
  const client = generateClient() as unknown as { graphql(o: object): unknown };
  return {
    graphql: (o) => client.graphql(o) as never,
    subscribe: (o) => client.graphql(o) as never,
  };
}

/** The signed-in user for `authMode: 'userPool'` calls. */
export const signInAs = (accessToken: string | undefined) => {
  currentToken = accessToken;
};

export interface LiveFeed<T> {
  readonly received: T[];
  readonly errors: unknown[];
  /** Resolves when AppSync's start_ack for this subscription arrived (Amplify's "Subscription ack"). */
  readonly ready: Promise<void>;
  stop(): void;
}

/**
 * Subscribes through the real client and collects what arrives. `field` names the
 * subscription field whose payload to keep.
 */
export function follow<T>(
  client: AmplifyGraphQL,
  field: string,
  options: { query: string; variables?: Record<string, unknown>; authMode: AuthMode },
): LiveFeed<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  // Amplify reports the query as graphql-js prints it, so compare printed forms.
  const expectedQuery = print(parse(options.query));
  const expected = JSON.stringify(options.variables ?? {});
  const ready = new Promise<void>((resolve) => {
    const unlisten = Hub.listen('api', ({ payload }) => {
      const data = payload.data as { query?: string; variables?: unknown } | undefined;
      if (payload.event === 'Subscription ack' && data?.query?.trim() === expectedQuery && JSON.stringify(data.variables ?? {}) === expected) {
        unlisten();
        resolve();
      }
    });
  });
  const sub = client.subscribe<Record<string, T>>(options).subscribe({
    next: ({ data }) => received.push(data[field]!),
    error: (e) => errors.push(e),
  });
  return { received, errors, ready, stop: () => sub.unsubscribe() };
}

/** Polls `check` every 20 ms until it holds (rejects after `ms`). */
export async function until(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
