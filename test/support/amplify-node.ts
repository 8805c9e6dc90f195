import { Amplify } from 'aws-amplify';
import { decodeJWT } from '@aws-amplify/core';
import { generateClient } from 'aws-amplify/api';
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
