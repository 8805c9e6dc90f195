import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/local-server';

/** The AppSync realtime handshake at the wire level, as aws-amplify speaks it. */
const header = (auth: Record<string, string>) => `header-${Buffer.from(JSON.stringify(auth)).toString('base64url')}`;

function open(server: TestServer, auth: Record<string, string>) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql/realtime`, ['graphql-ws', header(auth)]);
  const messages: { type: string; id?: string; payload?: unknown }[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(String(m)) as (typeof messages)[number]));
  const next = async (type: string) => {
    for (let i = 0; i < 250; i++) {
      const found = messages.find((m) => m.type === type);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${type}; got ${JSON.stringify(messages)}`);
  };
  return { ws, messages, next, opened: new Promise<void>((r) => ws.once('open', () => r())) };
}

describe('realtime protocol', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ MARQUEE_SEED: 'off' });
    token = await server.token('wendy', ['WAREHOUSE']);
  });
  afterAll(() => server.stop());

  it('acknowledges connection_init sent the instant the socket opens (token still being verified)', async () => {
    for (let i = 0; i < 10; i++) {
      const c = open(server, { Authorization: token, host: 'localhost' });
      await c.opened;
      c.ws.send(JSON.stringify({ type: 'connection_init' }));
      const ack = await c.next('connection_ack');
      expect(ack.payload).toMatchObject({ connectionTimeoutMs: 300000 });
      c.ws.close();
    }
  });

  it('start → start_ack, stop → complete; a bad subscription gets an error with errorType', async () => {
    const c = open(server, { 'x-api-key': server.apiKey, host: 'localhost' });
    await c.opened;
    c.ws.send(JSON.stringify({ type: 'connection_init' }));
    await c.next('connection_ack');
    const data = JSON.stringify({ query: 'subscription { onProductUpdated { id } }', variables: {} });
    c.ws.send(JSON.stringify({ id: 's1', type: 'start', payload: { data, extensions: { authorization: { 'x-api-key': server.apiKey } } } }));
    expect(await c.next('start_ack')).toMatchObject({ id: 's1' });
    c.ws.send(JSON.stringify({ id: 's1', type: 'stop' }));
    expect(await c.next('complete')).toMatchObject({ id: 's1' });
    const shipments = JSON.stringify({ query: 'subscription { onShipmentUpdated { id } }', variables: {} });
    c.ws.send(JSON.stringify({ id: 's2', type: 'start', payload: { data: shipments, extensions: { authorization: { 'x-api-key': server.apiKey } } } }));
    const error = (await c.next('error')) as { id: string; payload: { errors: { errorType: string }[] } };
    expect(error.id).toBe('s2');
    expect(error.payload.errors[0]!.errorType).toBe('Unauthorized');
    c.ws.close();
  });

  it('refuses a connection with a bad token', async () => {
    const c = open(server, { Authorization: 'not-a-jwt', host: 'localhost' });
    await c.opened;
    c.ws.send(JSON.stringify({ type: 'connection_init' }));
    const error = (await c.next('connection_error')) as { payload: { errors: { errorType: string }[] } };
    expect(error.payload.errors[0]!.errorType).toBe('UnauthorizedException');
    expect(c.messages.some((m) => m.type === 'connection_ack')).toBe(false);
  });
});
