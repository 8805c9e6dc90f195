import { afterEach, describe, expect, it } from 'vitest';
import { shipmentIdForOrder } from '../../src/app/fulfilment/shipment-id';
import { until } from '../support/amplify-node';
import { startTestServer, type TestServer } from '../support/local-server';
import { startReceiver } from '../contract/webhook-test-receiver';

const secret = 'whsec_outbound_e2e';
const address = { name: 'Alice', line1: '1-2-3 Jingumae', city: 'Shibuya', postalCode: '150-0001', country: 'JP' };
const lines = [{ sku: 'TEA-SENCHA-100', title: '静岡煎茶 100g', quantity: 3 }];

interface Message {
  type: string;
  shipmentId: string;
  orderId: string;
  reason?: string;
}

describe('outbound warehouse webhook through the server (WAREHOUSE_WEBHOOK_URL set)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(env: Record<string, string>, dataDir?: string): Promise<TestServer> {
    const server = await startTestServer({ MARQUEE_SEED: 'off', WAREHOUSE_WEBHOOK_SECRET: secret, ...env }, dataDir);
    return server;
  }

  const create = (server: TestServer, id: string, orderId = `order-${id}`) =>
    server.services.fulfilment.createShipment({ shipmentId: id, orderId, customerId: 'alice', address, lines });

  it('sends each instruction once, signed, keyed by shipment id, and not again after a restart', async () => {
    const warehouse = await startReceiver(secret);
    cleanups.push(warehouse.close);
    const env = { WAREHOUSE_WEBHOOK_URL: warehouse.url };
    const first = await start(env);
    await create(first, 'out-1');
    await until(() => warehouse.requests.length === 1, 10_000, 'the first instruction');
    await first.stop({ keepData: true });

    const second = await start(env, first.dataDir);
    cleanups.push(() => second.stop());
    // A later instruction is a sentinel: the feed and the outbox work in log order,
    // so a replayed out-1 would have been sent before out-2 arrives.
    await create(second, 'out-2');
    await until(() => warehouse.requests.some((r) => r.body.includes('"out-2"')), 10_000, 'the second instruction');

    const bodies = warehouse.requests.map((r) => JSON.parse(r.body) as Message);
    expect(bodies.map((b) => [b.type, b.shipmentId])).toEqual([
      ['shipment.instructed', 'out-1'],
      ['shipment.instructed', 'out-2'],
    ]);
    expect(bodies[0]).toMatchObject({ orderId: 'order-out-1', address, lines, version: 1 });
    expect(warehouse.requests.map((r) => r.signature)).toEqual(['ok', 'ok']);
    expect(warehouse.requests[0]?.headers['idempotency-key']).toBe('out-1.instructed');
  });

  it('tells the warehouse when an order cancels its shipment; after shipping, cancelling is a Conflict', async () => {
    const warehouse = await startReceiver(secret);
    cleanups.push(warehouse.close);
    const server = await start({ WAREHOUSE_WEBHOOK_URL: warehouse.url });
    cleanups.push(() => server.stop());
    const { fulfilment } = server.services;

    await create(server, shipmentIdForOrder('o-cancel'), 'o-cancel');
    const cancelled = await fulfilment.cancelShipmentForOrder('o-cancel', 'customer cancelled', 'user:alice');
    expect(cancelled?.status).toBe('CANCELLED');
    await until(() => warehouse.requests.length === 2, 10_000, 'instruction and cancellation');
    expect(warehouse.requests.map((r) => (JSON.parse(r.body) as Message).type)).toEqual(['shipment.instructed', 'shipment.cancelled']);
    expect(JSON.parse(warehouse.requests[1]!.body)).toMatchObject({ orderId: 'o-cancel', reason: 'customer cancelled' });

    await create(server, shipmentIdForOrder('o-shipped'), 'o-shipped');
    await fulfilment.ship(shipmentIdForOrder('o-shipped'), 'Yamato', 'T-1', 'user:wendy');
    await expect(fulfilment.cancelShipmentForOrder('o-shipped', 'too late', 'user:alice')).rejects.toMatchObject({
      errorType: 'Conflict',
      message: expect.stringMatching(/already shipped/),
    });
    expect(await fulfilment.cancelShipmentForOrder('o-without-shipment', 'digital only', 'user:alice')).toBeUndefined();
  });

  it('dead-letters after the last retry, shows it to STAFF only, and re-drives it', async () => {
    let healthy = false;
    const warehouse = await startReceiver(secret, () => (healthy ? 200 : 503));
    cleanups.push(warehouse.close);
    const server = await start({
      WAREHOUSE_WEBHOOK_URL: warehouse.url,
      WAREHOUSE_WEBHOOK_MAX_ATTEMPTS: '3',
      WAREHOUSE_WEBHOOK_RETRY_BASE_MS: '5',
    });
    cleanups.push(() => server.stop());
    const sam = await server.token('sam', ['STAFF']);
    const wendy = await server.token('wendy', ['WAREHOUSE']);
    const DEAD = '{ deadLetters { id kind attempts lastError } }';

    await create(server, 'out-dead');
    const deadLetters = async () => (await server.gql<{ deadLetters: { id: string }[] }>(DEAD, {}, sam)).data?.deadLetters ?? [];
    await eventually(async () => (await deadLetters()).length > 0, 'a dead letter');
    const dead = await server.gql(DEAD, {}, sam);
    expect(dead.data).toEqual({
      deadLetters: [{ id: 'out-dead.instructed', kind: 'shipment.instructed', attempts: 3, lastError: expect.stringMatching(/503/) }],
    });
    expect(warehouse.requests).toHaveLength(3);
    expect((await server.gql(DEAD, {}, wendy)).errors?.[0]?.errorType).toBe('Forbidden');
    const wrongRedrive = await server.gql('mutation { redriveDeadLetter(id: "nope") }', {}, sam);
    expect(wrongRedrive.errors?.[0]?.errorType).toBe('NotFound');

    healthy = true;
    const redriven = await server.gql('mutation { redriveDeadLetter(id: "out-dead.instructed") }', {}, sam);
    expect(redriven.data).toEqual({ redriveDeadLetter: true });
    await until(() => warehouse.requests.length === 4, 10_000, 'the re-driven delivery');
    expect(await deadLetters()).toEqual([]);
  });
});

async function eventually(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
