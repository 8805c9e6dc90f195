import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subFor } from '../../src/server/token-issuer';
import { configureAmplify, follow, signInAs, until, type AmplifyGraphQL } from '../support/amplify-node';
import { startTestServer, type TestServer } from '../support/local-server';

interface OrderUpdate {
  id: string;
  status: string;
  shipment: { shipmentId: string; status: string; carrier: string | null; trackingNumber: string | null } | null;
}
interface ShipmentUpdate {
  id: string;
  orderId: string;
  status: string;
  address: { name: string; postalCode: string };
  lines: { sku: string; quantity: number }[];
}

const ORDER_FIELDS = 'id status shipment { shipmentId status carrier trackingNumber }';
const ON_ORDER = `subscription OnOrder($customerId: ID) { onOrderUpdated(customerId: $customerId) { ${ORDER_FIELDS} } }`;
const ON_SHIPMENT = 'subscription OnShipment { onShipmentUpdated { id orderId status address { name postalCode } lines { sku quantity } } }';
const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const SHIP = `mutation Ship($id: ID!, $carrier: String!, $trackingNumber: String!) {
  shipShipment(id: $id, carrier: $carrier, trackingNumber: $trackingNumber) { id status } }`;
const STOCK = 'query Stock($id: ID!) { product(id: $id) { onHand reserved available } }';

const shippingAddress = { name: 'Alice', line1: '1-2-3 Jingumae', city: 'Shibuya', postalCode: '150-0001', country: 'JP' };

const errorTypeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'none',
    (e: { errors?: { errorType?: string }[] }) => e.errors?.[0]?.errorType ?? String(e),
  );

// The server's realtime handler can miss a connection_init sent while the token is still being verified;
// Amplify then retries after its 15 s ack timeout, so the first subscription may take that long.
describe('order → instruction for wendy → ship → alice sees SHIPPED with tracking (real server, aws-amplify client)', { timeout: 60_000 }, () => {
  let server: TestServer;
  let client: AmplifyGraphQL;
  let alice: string;
  let wendy: string;
  let sam: string;
  beforeAll(async () => {
    server = await startTestServer();
    [alice, wendy, sam] = await Promise.all([server.token('alice'), server.token('wendy', ['WAREHOUSE']), server.token('sam', ['STAFF'])]);
    client = await configureAmplify(server.url);
  });
  afterAll(() => server.stop());

  const stock = async () => (await server.gql<{ product: { onHand: number; reserved: number } }>(STOCK, { id: 'MUG-ARITA' }, sam)).data?.product;

  async function placeOrder(key: string, quantity: number) {
    signInAs(alice);
    const placed = await client.graphql<{ placeOrder: OrderUpdate }>({
      query: PLACE,
      variables: { input: { idempotencyKey: key, lines: [{ sku: 'MUG-ARITA', quantity }], paymentMethodId: 'pm_card_visa', shippingAddress } },
      authMode: 'userPool',
    });
    return placed.data.placeOrder;
  }

  it('follows the order from the warehouse queue to the shopper’s live view, and commits the stock', async () => {
    const before = await stock();
    signInAs(wendy);
    const queue = follow<ShipmentUpdate>(client, 'onShipmentUpdated', { query: ON_SHIPMENT, authMode: 'userPool' });
    // Amplify reads the token when the subscription starts: switch users only after the ack.
    await queue.ready;
    signInAs(alice);
    const mine = follow<OrderUpdate>(client, 'onOrderUpdated', { query: ON_ORDER, variables: { customerId: subFor('alice') }, authMode: 'userPool' });
    await mine.ready;

    const order = await placeOrder('fulfil-e2e-1', 2);
    expect(order.status).toBe('PLACED');

    await until(() => queue.received.some((s) => s.orderId === order.id), 20_000, 'the instruction in the warehouse queue');
    const instruction = queue.received.find((s) => s.orderId === order.id)!;
    expect(instruction).toMatchObject({ status: 'INSTRUCTED', address: { name: 'Alice', postalCode: '150-0001' }, lines: [{ sku: 'MUG-ARITA', quantity: 2 }] });
    await until(() => mine.received.some((o) => o.status === 'FULFILLING'), 20_000, 'FULFILLING');
    expect(await stock()).toMatchObject({ onHand: before!.onHand, reserved: before!.reserved + 2 });

    signInAs(wendy);
    await client.graphql({ query: SHIP, variables: { id: instruction.id, carrier: 'Yamato', trackingNumber: '4455-6677-8899' }, authMode: 'userPool' });

    await until(() => mine.received.some((o) => o.status === 'SHIPPED'), 20_000, 'SHIPPED on alice’s subscription');
    expect(mine.received.find((o) => o.status === 'SHIPPED')).toMatchObject({
      id: order.id,
      shipment: { shipmentId: instruction.id, carrier: 'Yamato', trackingNumber: '4455-6677-8899' },
    });
    expect(await stock()).toMatchObject({ onHand: before!.onHand - 2, reserved: before!.reserved });

    signInAs(alice);
    expect(await errorTypeOf(client.graphql({ query: `mutation { cancelOrder(id: "${order.id}") { id } }`, authMode: 'userPool' }))).toBe('Conflict');

    signInAs(wendy);
    await client.graphql({ query: `mutation { markDelivered(id: "${instruction.id}") { id } }`, authMode: 'userPool' });
    await until(() => mine.received.some((o) => o.status === 'DELIVERED'), 20_000, 'DELIVERED on alice’s subscription');
    expect([queue.errors, mine.errors]).toEqual([[], []]);
    queue.stop();
    mine.stop();
  });

  it('cancelling before shipment cancels the instruction, and the warehouse queue hears of it', async () => {
    signInAs(wendy);
    const queue = follow<ShipmentUpdate>(client, 'onShipmentUpdated', { query: ON_SHIPMENT, authMode: 'userPool' });
    await queue.ready;
    const order = await placeOrder('fulfil-e2e-2', 1);
    await until(() => queue.received.some((s) => s.orderId === order.id), 20_000, 'the instruction');

    signInAs(alice);
    const cancelled = await client.graphql<{ cancelOrder: OrderUpdate }>({
      query: `mutation { cancelOrder(id: "${order.id}") { ${ORDER_FIELDS} } }`,
      authMode: 'userPool',
    });
    expect(cancelled.data.cancelOrder.status).toBe('CANCELLED');
    await until(() => queue.received.some((s) => s.orderId === order.id && s.status === 'CANCELLED'), 20_000, 'the cancelled instruction');
    signInAs(wendy);
    const instructionId = queue.received.find((s) => s.orderId === order.id)!.id;
    expect(
      await errorTypeOf(client.graphql({ query: SHIP, variables: { id: instructionId, carrier: 'Yamato', trackingNumber: 'X' }, authMode: 'userPool' })),
    ).toBe('Conflict');
    queue.stop();
  });
});
