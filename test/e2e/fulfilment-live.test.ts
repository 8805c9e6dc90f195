import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify, follow, signInAs, until, type AmplifyGraphQL } from '../support/amplify-node';
import { startTestServer, type TestServer } from '../support/local-server';

interface ShipmentUpdate {
  id: string;
  orderId: string;
  status: string;
  address: { name: string; city: string };
  lines: { sku: string; quantity: number }[];
  carrier: string | null;
  trackingNumber: string | null;
}

const SHIPMENT_FIELDS = 'id orderId status address { name city } lines { sku quantity } carrier trackingNumber';
const ON_SHIPMENT = `subscription OnShipment($status: ShipmentStatus) { onShipmentUpdated(status: $status) { ${SHIPMENT_FIELDS} } }`;
const SHIPMENTS = `query Shipments($status: ShipmentStatus) { shipments(status: $status) { ${SHIPMENT_FIELDS} } }`;
const SHIP = `mutation Ship($id: ID!, $carrier: String!, $trackingNumber: String!) {
  shipShipment(id: $id, carrier: $carrier, trackingNumber: $trackingNumber) { ${SHIPMENT_FIELDS} } }`;

const address = { name: 'Alice', line1: '1-2-3 Jingumae', city: 'Shibuya', postalCode: '150-0001', country: 'JP' };

const errorTypeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'none',
    (e: { errors?: { errorType?: string }[] }) => e.errors?.[0]?.errorType ?? String(e),
  );

describe('the warehouse queue, live through the real aws-amplify client', () => {
  let server: TestServer;
  let client: AmplifyGraphQL;
  let wendy: string;
  let alice: string;
  beforeAll(async () => {
    server = await startTestServer({ MARQUEE_SEED: 'off' });
    wendy = await server.token('wendy', ['WAREHOUSE']);
    alice = await server.token('alice');
    client = await configureAmplify(server.url);
  });
  afterAll(() => server.stop());

  it('pushes new and changed instructions to WAREHOUSE, filtered by status, and refuses shoppers', async () => {
    signInAs(wendy);
    const all = follow<ShipmentUpdate>(client, 'onShipmentUpdated', { query: ON_SHIPMENT, variables: {}, authMode: 'userPool' });
    const shipped = follow<ShipmentUpdate>(client, 'onShipmentUpdated', {
      query: ON_SHIPMENT,
      variables: { status: 'SHIPPED' },
      authMode: 'userPool',
    });
    await Promise.all([all.ready, shipped.ready]);
    signInAs(alice);
    const snoop = follow<ShipmentUpdate>(client, 'onShipmentUpdated', { query: ON_SHIPMENT, variables: {}, authMode: 'userPool' });
    await until(() => snoop.errors.length > 0, 10_000, 'the refusal of a shopper subscription');
    expect(JSON.stringify(snoop.errors[0])).toContain('Forbidden');

    await server.services.fulfilment.createShipment({
      shipmentId: 'live-1',
      orderId: 'order-live-1',
      customerId: 'alice',
      address,
      lines: [{ sku: 'MUG-ARITA', title: '有田焼 マグカップ', quantity: 2 }],
    });
    await until(() => all.received.length === 1, 10_000, 'the new instruction');
    expect(all.received[0]).toMatchObject({
      id: 'live-1',
      status: 'INSTRUCTED',
      address: { name: 'Alice', city: 'Shibuya' },
      lines: [{ sku: 'MUG-ARITA', quantity: 2 }],
    });

    expect(await errorTypeOf(client.graphql({ query: SHIPMENTS, variables: {}, authMode: 'userPool' }))).toBe('Forbidden');
    signInAs(wendy);
    const queue = await client.graphql<{ shipments: ShipmentUpdate[] }>({ query: SHIPMENTS, variables: { status: 'INSTRUCTED' }, authMode: 'userPool' });
    expect(queue.data.shipments.map((s) => s.id)).toEqual(['live-1']);

    await client.graphql({ query: 'mutation { acknowledgeShipment(id: "live-1") { id status } }', authMode: 'userPool' });
    const result = await client.graphql<{ shipShipment: ShipmentUpdate }>({
      query: SHIP,
      variables: { id: 'live-1', carrier: 'Yamato', trackingNumber: '4455-6677-8899' },
      authMode: 'userPool',
    });
    expect(result.data.shipShipment).toMatchObject({ status: 'SHIPPED', carrier: 'Yamato', trackingNumber: '4455-6677-8899' });

    await until(() => shipped.received.length === 1, 10_000, 'the SHIPPED push');
    expect(all.received.map((s) => s.status)).toEqual(['INSTRUCTED', 'ACKNOWLEDGED', 'SHIPPED']);
    expect(shipped.received[0]).toMatchObject({ id: 'live-1', trackingNumber: '4455-6677-8899' });
    expect(snoop.received).toEqual([]);
    expect([all.errors, shipped.errors]).toEqual([[], []]);
    for (const feed of [all, shipped, snoop]) feed.stop();
  });

  it('refuses warehouse mutations to shoppers and changes nothing', async () => {
    signInAs(alice);
    expect(
      await errorTypeOf(client.graphql({ query: 'mutation { markDelivered(id: "live-1") { id } }', authMode: 'userPool' })),
    ).toBe('Forbidden');
    expect((await server.services.fulfilment.shipment('live-1'))?.status).toBe('SHIPPED');
    signInAs(wendy);
    expect(
      await errorTypeOf(client.graphql({ query: 'mutation { acknowledgeShipment(id: "nope") { id } }', authMode: 'userPool' })),
    ).toBe('NotFound');
  });
});
