import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { getArgumentValues } from 'graphql/execution/values';
import { WebSocketServer, type WebSocket } from 'ws';
import { DomainError } from '../domain/errors';
import type { Identity } from '../api/identity';
import { toApiError } from '../api/errors';
import type { SubscribeChecks } from '../api/resolvers/types';
import type { Credentials } from './authenticate';
import type { GraphQLExecutor } from './graphql-executor';
import type { SubscriptionHub } from './subscription-hub';
import type { LoadedSchema } from './schema';

export const REALTIME_PATH = '/graphql/realtime';
const CONNECTION_TIMEOUT_MS = 300_000;
const KEEP_ALIVE_MS = 60_000;

interface StartMessage {
  id: string;
  type: 'start';
  payload: { data: string; extensions?: { authorization?: Record<string, string> } };
}

/** Authorization JSON as AppSync clients send it (subprotocol header or start extensions). */
const credentialsFrom = (auth: Record<string, string> | undefined): Credentials => ({
  ...(auth?.Authorization ? { authorization: auth.Authorization } : {}),
  ...(auth?.['x-api-key'] ? { apiKey: auth['x-api-key'] } : {}),
});

function headerFromProtocols(req: IncomingMessage): Record<string, string> | undefined {
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const header = protocols.find((p) => p.startsWith('header-'));
  if (!header) return undefined;
  try {
    return JSON.parse(Buffer.from(header.slice('header-'.length), 'base64url').toString('utf8')) as Record<string, string>;
  } catch {
    return undefined;
  }
}

/** AppSync's realtime WebSocket protocol (graphql-ws subprotocol), as aws-amplify v6 speaks it. */
export class RealtimeServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false),
  });

  constructor(
    private readonly loaded: LoadedSchema,
    private readonly executor: GraphQLExecutor,
    private readonly hub: SubscriptionHub,
    private readonly checks: SubscribeChecks,
    private readonly authenticate: (creds: Credentials) => Promise<Identity>,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  close(): void {
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    this.wss.close();
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const send = (msg: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg));
    const subscriptions = new Map<string, () => void>();
    const keepAlive = setInterval(() => send({ type: 'ka' }), KEEP_ALIVE_MS);
    ws.on('close', () => {
      clearInterval(keepAlive);
      for (const stop of subscriptions.values()) stop();
    });
    // Listen at once: clients send connection_init as soon as the socket opens, while the
    // token is still being verified. Messages are handled in order, after authentication.
    const authenticated = this.authenticate(credentialsFrom(headerFromProtocols(req)));
    let inOrder: Promise<unknown> = authenticated.catch((error: unknown) => {
      const e = toApiError(error);
      send({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message: e.message }] } });
      ws.close(1008, 'unauthorized');
    });
    ws.on('message', (raw) => {
      inOrder = inOrder.then(async () => {
        if (ws.readyState !== ws.OPEN) return;
        const identity = await authenticated;
        await this.onMessage(String(raw), identity, subscriptions, send);
      });
    });
  }

  private async onMessage(
    raw: string,
    identity: Identity,
    subscriptions: Map<string, () => void>,
    send: (msg: object) => void,
  ): Promise<void> {
    let msg: { type?: string; id?: string };
    try {
      msg = JSON.parse(raw) as { type?: string; id?: string };
    } catch {
      send({ type: 'error', payload: { errors: [{ errorType: 'ValidationError', message: 'not JSON' }] } });
      return;
    }
    if (msg.type === 'connection_init') send({ type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
    else if (msg.type === 'start') await this.start(msg as StartMessage, identity, subscriptions, send);
    else if (msg.type === 'stop' && msg.id) {
      subscriptions.get(msg.id)?.();
      subscriptions.delete(msg.id);
      send({ type: 'complete', id: msg.id });
    }
  }

  private async start(
    msg: StartMessage,
    connectionIdentity: Identity,
    subscriptions: Map<string, () => void>,
    send: (msg: object) => void,
  ): Promise<void> {
    try {
      const auth = msg.payload.extensions?.authorization;
      const creds = credentialsFrom(auth);
      const identity = creds.authorization || creds.apiKey ? await this.authenticate(creds) : connectionIdentity;
      const request = JSON.parse(msg.payload.data) as { query: string; variables?: Record<string, unknown> };
      const prepared = this.executor.prepare(request, identity);
      if (prepared.operation.operation !== 'subscription' || prepared.rootFields.length !== 1)
        throw new DomainError('ValidationError', 'start one subscription field per message');
      const field = prepared.rootFields[0]!;
      const def = this.loaded.schema.getSubscriptionType()!.getFields()[field]!;
      const node = prepared.operation.selectionSet.selections.find((s) => s.kind === 'Field')!;
      const args = getArgumentValues(def, node as Parameters<typeof getArgumentValues>[1], request.variables ?? {});
      this.checks[`Subscription.${field}`]?.(args, identity);
      const stop = this.hub.add({
        field,
        args,
        identity,
        document: prepared.document,
        ...(request.variables ? { variables: request.variables } : {}),
        deliver: (response) => send({ type: 'data', id: msg.id, payload: response }),
      });
      subscriptions.set(msg.id, stop);
      send({ type: 'start_ack', id: msg.id });
    } catch (error) {
      const e = toApiError(error);
      send({ type: 'error', id: msg.id, payload: { errors: [{ errorType: e.errorType, message: e.message }] } });
    }
  }
}
