import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SqliteWebhookOutbox } from '../../src/adapters/local/webhook-outbox';
import { fold } from '../../src/domain/decider';
import { shipmentDecider, shipmentStream, type ShipmentCommand, type ShipmentEvent } from '../../src/domain/shipment';
import { SIGNATURE_HEADER, sign } from '../../src/app/fulfilment/webhook-signature';
import { handleWarehouseWebhook } from '../../src/app/fulfilment/warehouse-webhook-endpoint';
import { enqueueWarehouseWebhooks } from '../../src/app/fulfilment/warehouse-outbox-reactor';
import { startReceiver } from './webhook-test-receiver';

const secret = 'whsec_inbound_test';
const address = { name: 'Alice', line1: '1 Main St', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };

let db: SqliteDb;
let events: SqliteEventStore;
let server: Server;
let endpoint: string;

async function run(shipmentId: string, command: ShipmentCommand, idempotencyKey?: string) {
  const stream = shipmentStream(shipmentId);
  const past = await events.readStream(stream);
  if (idempotencyKey && past.some((e) => e.meta.idempotencyKey === idempotencyKey)) return fold(shipmentDecider, past as unknown as ShipmentEvent[]);
  const state = fold(shipmentDecider, past as unknown as ShipmentEvent[]);
  const decided = shipmentDecider.decide(command, state);
  if (decided.length) await events.append(stream, past.length, decided, { at: new Date().toISOString(), actor: 'system:warehouse', ...(idempotencyKey ? { idempotencyKey } : {}) });
  return decided.reduce(shipmentDecider.evolve, state);
}

const history = async (shipmentId: string) => (await events.readStream(shipmentStream(shipmentId))).map((e) => e.type);

async function post(body: string, signature?: string) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { [SIGNATURE_HEADER]: signature }) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeEach(async () => {
  db = openDatabase(':memory:');
  events = new SqliteEventStore(db);
  await run('s1', { type: 'CreateShipment', shipmentId: 's1', orderId: 'o1', customerId: 'alice', address, lines: [{ sku: 'MUG', title: 'Mug', quantity: 1 }] });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
      const answer = await handleWarehouseWebhook(
        { rawBody: Buffer.concat(chunks).toString('utf8'), signatureHeader: typeof header === 'string' ? header : undefined },
        { secret, clock: { now: () => new Date() }, apply: async (c) => (await run(c.shipmentId, c.command, c.idempotencyKey)).status },
      );
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/warehouse`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  db.close();
});

const ack = JSON.stringify({ type: 'shipment.acknowledged', shipmentId: 's1' });
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('inbound warehouse webhook over HTTP', () => {
  it('accepts a correctly signed report and applies it', async () => {
    expect(await post(ack, sign(ack, secret, new Date()))).toEqual({ status: 200, body: { ok: true, shipmentId: 's1', status: 'ACKNOWLEDGED' } });
    expect(await history('s1')).toEqual(['ShipmentInstructed', 'ShipmentAcknowledged']);
  });

  it.each([
    ['no signature', () => undefined],
    ['a signature made with another secret', () => sign(ack, 'guessed-secret', new Date())],
    ['a signature of another body', () => sign(JSON.stringify({ type: 'shipment.acknowledged', shipmentId: 's2' }), secret, new Date())],
    ['a stale signature (6 minutes old)', () => sign(ack, secret, minutesAgo(6))],
    ['a signature from the future', () => sign(ack, secret, minutesAgo(-6))],
    ['a malformed header', () => 'sha256=deadbeef'],
  ])('refuses %s with 401 and changes nothing', async (_name, signature) => {
    const answer = await post(ack, signature());
    expect(answer.status).toBe(401);
    expect(answer.body.errorType).toBe('Unauthorized');
    expect(await history('s1')).toEqual(['ShipmentInstructed']);
  });

  it('accepts a replay inside the window but appends nothing twice', async () => {
    const signature = sign(ack, secret, new Date());
    expect((await post(ack, signature)).status).toBe(200);
    expect((await post(ack, signature)).status).toBe(200);
    expect(await history('s1')).toEqual(['ShipmentInstructed', 'ShipmentAcknowledged']);
  });

  it('answers domain refusals with their status and errorType', async () => {
    const unknown = JSON.stringify({ type: 'shipment.acknowledged', shipmentId: 'nope' });
    expect(await post(unknown, sign(unknown, secret, new Date()))).toMatchObject({ status: 404, body: { errorType: 'NotFound' } });
    const early = JSON.stringify({ type: 'shipment.delivered', shipmentId: 's1' });
    expect(await post(early, sign(early, secret, new Date()))).toMatchObject({ status: 409, body: { errorType: 'Conflict' } });
    const longTracking = JSON.stringify({ type: 'shipment.shipped', shipmentId: 's1', carrier: 'X', trackingNumber: 'T'.repeat(65) });
    expect(await post(longTracking, sign(longTracking, secret, new Date()))).toMatchObject({ status: 400, body: { errorType: 'ValidationError' } });
    expect(await history('s1')).toEqual(['ShipmentInstructed']);
  });

  it('round trip: instruction out through the outbox, the warehouse ships back through the endpoint', async () => {
    const warehouse = await startReceiver(secret);
    try {
      const outbox = new SqliteWebhookOutbox(db, { secret, retry: { baseDelayMs: 5, maxDelayMs: 5, maxAttempts: 3 } });
      const all = await events.readAll(0, 100);
      expect(await enqueueWarehouseWebhooks(all, outbox, warehouse.url)).toBe(1);
      expect(await enqueueWarehouseWebhooks(all, outbox, warehouse.url)).toBe(0);
      await outbox.drain();
      expect(warehouse.requests).toHaveLength(1);
      const instruction = JSON.parse(warehouse.requests[0]?.body ?? '{}') as { shipmentId: string; type: string };
      expect(warehouse.requests[0]?.signature).toBe('ok');
      expect(instruction).toMatchObject({ type: 'shipment.instructed', shipmentId: 's1', address });

      const shipped = JSON.stringify({ type: 'shipment.shipped', shipmentId: instruction.shipmentId, carrier: 'Yamato', trackingNumber: '4455-6677' });
      expect(await post(shipped, sign(shipped, secret, new Date()))).toMatchObject({ status: 200, body: { status: 'SHIPPED' } });
      const stored = await events.readStream(shipmentStream('s1'));
      expect(stored.at(-1)).toMatchObject({ type: 'ShipmentShipped', data: { carrier: 'Yamato', trackingNumber: '4455-6677' } });
    } finally {
      await warehouse.close();
    }
  });
});
