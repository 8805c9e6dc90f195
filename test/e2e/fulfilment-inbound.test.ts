import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SIGNATURE_HEADER, sign } from '../../src/app/fulfilment/webhook-signature';
import { startTestServer, type TestServer } from '../support/local-server';

const secret = 'whsec_inbound_e2e';
const address = { name: 'Alice', line1: '1-2-3 Jingumae', city: 'Shibuya', postalCode: '150-0001', country: 'JP' };
const lines = [{ sku: 'MUG-ARITA', title: '有田焼 マグカップ', quantity: 2 }];
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

const SHIPMENTS = `query S($status: ShipmentStatus) { shipments(status: $status) { id status carrier trackingNumber } }`;

describe('POST /webhooks/warehouse on the real server', () => {
  let server: TestServer;
  let events: SqliteEventStore;
  let wendy: string;

  beforeAll(async () => {
    server = await startTestServer({ MARQUEE_SEED: 'off', WAREHOUSE_WEBHOOK_SECRET: secret });
    events = new SqliteEventStore(server.db);
    wendy = await server.token('wendy', ['WAREHOUSE']);
    for (const id of ['in-1', 'in-2'])
      await server.services.fulfilment.createShipment({ shipmentId: id, orderId: `order-${id}`, customerId: 'alice', address, lines });
  });
  afterAll(() => server.stop());

  const generatedSecret = () =>
    (JSON.parse(readFileSync(join(server.dataDir, 'secrets.json'), 'utf8')) as { warehouseSecret: string }).warehouseSecret;
  const history = async (id: string) => (await events.readStream(`shipment-${id}`)).map((e) => e.type);

  async function post(body: string, signature: string | undefined) {
    const res = await fetch(`${server.url}/webhooks/warehouse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { [SIGNATURE_HEADER]: signature }) },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const shipped = JSON.stringify({ type: 'shipment.shipped', shipmentId: 'in-1', carrier: 'Yamato', trackingNumber: '4455-6677-8899' });

  it.each([
    ['no signature', () => undefined],
    ['a signature made with another secret', () => sign(shipped, 'guessed', new Date())],
    ['the generated secret, when another one is configured', () => sign(shipped, generatedSecret(), new Date())],
    ['a stale signature (10 minutes old)', () => sign(shipped, secret, minutesAgo(10))],
    ['a signature of another body', () => sign(shipped.replace('in-1', 'in-2'), secret, new Date())],
  ])('refuses %s with 401 and changes nothing', async (_name, signature) => {
    const answer = await post(shipped, signature());
    expect(answer).toMatchObject({ status: 401, body: { errorType: 'Unauthorized' } });
    expect(await history('in-1')).toEqual(['ShipmentInstructed']);
  });

  it('applies a signed report, and a re-sent one appends nothing', async () => {
    const signature = sign(shipped, secret, new Date());
    expect(await post(shipped, signature)).toEqual({ status: 200, body: { ok: true, shipmentId: 'in-1', status: 'SHIPPED' } });
    expect(await post(shipped, sign(shipped, secret, new Date()))).toMatchObject({ status: 200, body: { status: 'SHIPPED' } });
    expect(await history('in-1')).toEqual(['ShipmentInstructed', 'ShipmentShipped']);

    const res = await server.gql<{ shipments: { id: string; carrier: string; trackingNumber: string }[] }>(SHIPMENTS, { status: 'SHIPPED' }, wendy);
    expect(res.data?.shipments).toEqual([{ id: 'in-1', status: 'SHIPPED', carrier: 'Yamato', trackingNumber: '4455-6677-8899' }]);
  });

  it('answers refusals by the domain with their status and changes nothing', async () => {
    const unknown = JSON.stringify({ type: 'shipment.acknowledged', shipmentId: 'no-such' });
    expect(await post(unknown, sign(unknown, secret, new Date()))).toMatchObject({ status: 404, body: { errorType: 'NotFound' } });
    const early = JSON.stringify({ type: 'shipment.delivered', shipmentId: 'in-2' });
    expect(await post(early, sign(early, secret, new Date()))).toMatchObject({ status: 409, body: { errorType: 'Conflict' } });
    const garbage = '{"type":"shipment.lost","shipmentId":"in-2"}';
    expect(await post(garbage, sign(garbage, secret, new Date()))).toMatchObject({ status: 400, body: { errorType: 'ValidationError' } });
    expect(await history('in-2')).toEqual(['ShipmentInstructed']);
  });
});
