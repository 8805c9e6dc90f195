import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subFor } from '../../src/server/token-issuer';
import { configureAmplify, follow, signInAs, until, type AmplifyGraphQL } from '../support/amplify-node';
import { startTestServer, type TestServer } from '../support/local-server';

interface OrderUpdate {
  id: string;
  customerId: string;
  status: string;
  failureReason: string | null;
}

const ON_ORDER = /* GraphQL */ `
  subscription OnOrder($customerId: ID) { onOrderUpdated(customerId: $customerId) { id customerId status failureReason } }`;
const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id status total { amount currency } lines { sku quantity lineTotal { amount } } } }`;
const ADDRESS = { name: 'Alice', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };

const distinct = (statuses: string[]) => statuses.filter((s, i) => s !== statuses[i - 1]);

describe('checkout through the real server and the aws-amplify client', () => {
  let server: TestServer;
  let client: AmplifyGraphQL;
  let alice: string;
  let sam: string;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await server.token('alice');
    sam = await server.token('sam', ['STAFF']);
    client = await configureAmplify(server.url);
  });
  afterAll(() => server.stop());

  const available = async (sku: string) =>
    ((await server.gql<{ product: { available: number } }>(`query($id: ID!) { product(id: $id) { available } }`, { id: sku })).data!.product.available);

  it('a successful order is PLACED at once, then CONFIRMED and FULFILLING, each pushed live to its customer', async () => {
    signInAs(alice);
    const feed = follow<OrderUpdate>(client, 'onOrderUpdated', { query: ON_ORDER, variables: { customerId: subFor('alice') }, authMode: 'userPool' });
    await feed.ready;
    const placed = await client.graphql<{ placeOrder: { id: string; status: string; total: { amount: number } } }>({
      query: PLACE,
      variables: { input: { idempotencyKey: 'live-order-0001', lines: [{ sku: 'TEA-SENCHA-100', quantity: 2 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS } },
      authMode: 'userPool',
    });
    const { id, status, total } = placed.data.placeOrder;
    expect(status).toBe('PLACED');
    expect(total.amount).toBe(2400);

    await until(() => feed.received.some((o) => o.id === id && o.status === 'FULFILLING'), 10_000, 'FULFILLING pushed');
    const mine = feed.received.filter((o) => o.id === id).map((o) => o.status);
    expect(distinct(mine)).toEqual(['PLACED', 'CONFIRMED', 'FULFILLING']);
    expect(feed.errors).toEqual([]);
    feed.stop();

    const again = await client.graphql<{ placeOrder: { id: string } }>({
      query: PLACE,
      variables: { input: { idempotencyKey: 'live-order-0001', lines: [{ sku: 'TEA-SENCHA-100', quantity: 2 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS } },
      authMode: 'userPool',
    });
    expect(again.data.placeOrder.id).toBe(id);
  });

  it('a shopper may not follow or read another customer\'s orders', async () => {
    signInAs(await server.token('bob'));
    const feed = follow<OrderUpdate>(client, 'onOrderUpdated', { query: ON_ORDER, variables: { customerId: subFor('alice') }, authMode: 'userPool' });
    await until(() => feed.errors.length > 0, 5_000, 'subscription refused');
    expect(JSON.stringify(feed.errors)).toContain('Forbidden');
    feed.stop();
    const bob = await server.token('bob');
    const aliceOrders = await server.gql<{ myOrders: { items: { id: string }[] } }>(`{ myOrders { items { id } } }`, {}, alice);
    const someId = aliceOrders.data!.myOrders.items[0]!.id;
    expect((await server.gql<{ order: unknown }>(`query($id: ID!) { order(id: $id) { id } }`, { id: someId }, bob)).data?.order).toBeNull();
    const cancel = await server.gql(`mutation($id: ID!) { cancelOrder(id: $id) { id } }`, { id: someId }, bob);
    expect(cancel.errors?.[0]?.errorType).toBe('NotFound');
  });

  it('a declined card ends FAILED with PAYMENT_DECLINED and the stock restored', async () => {
    const before = await available('TEA-MATCHA-30');
    const placed = await server.gql<{ placeOrder: { id: string } }>(PLACE, {
      input: { idempotencyKey: 'live-declined-01', lines: [{ sku: 'TEA-MATCHA-30', quantity: 3 }], paymentMethodId: 'pm_card_chargeDeclined', shippingAddress: ADDRESS },
    }, alice);
    const { id } = placed.data!.placeOrder;
    await server.workflows.waitFor(id);
    const order = await server.gql<{ order: { status: string; failureReason: string; payment: { status: string } } }>(
      `query($id: ID!) { order(id: $id) { status failureReason payment { status } } }`, { id }, alice);
    expect(order.data!.order).toEqual({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED', payment: { status: 'DECLINED' } });
    expect(await available('TEA-MATCHA-30')).toBe(before);
  });

  it('refuses bad input with ValidationError and an unknown sku, changing nothing', async () => {
    const cases = [
      { idempotencyKey: 'live-bad-00001', lines: [{ sku: 'TEA-SENCHA-100', quantity: 0 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS },
      { idempotencyKey: 'live-bad-00002', lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS },
      { idempotencyKey: 'live-bad-00003', lines: [{ sku: 'TEA-SENCHA-100', quantity: 1 }], paymentMethodId: 'pm_card_visa' },
    ];
    for (const input of cases) {
      const result = await server.gql(PLACE, { input }, alice);
      expect(result.errors?.[0]?.errorType, JSON.stringify(input.lines)).toBe('ValidationError');
    }
    const anonymous = await server.gql(PLACE, { input: cases[0] });
    expect(anonymous.errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it('100 concurrent orders for 10 in stock: exactly 10 confirmed, available 0, no oversell', async () => {
    const create = await server.gql(
      `mutation { createProduct(input: { sku: "RACE-10", title: "限定 10", price: { amount: 500, currency: "JPY" }, kind: PHYSICAL }) { id } }`, {}, sam);
    expect(create.errors).toBeUndefined();
    await server.gql(`mutation { adjustStock(sku: "RACE-10", delta: 10, reason: "limited run") { id } }`, {}, sam);
    await server.gql(`mutation { publishProduct(id: "RACE-10") { id } }`, {}, sam);
    const shoppers = await Promise.all(Array.from({ length: 10 }, (_, i) => server.token(`racer${i}`)));

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        server.gql<{ placeOrder: { id: string } }>(PLACE, {
          input: { idempotencyKey: `race-order-${i.toString().padStart(4, '0')}`, lines: [{ sku: 'RACE-10', quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS },
        }, shoppers[i % 10]),
      ),
    );
    const placed = results.flatMap((r) => (r.data?.placeOrder ? [r.data.placeOrder.id] : []));
    // Refused at once when the catalog already shows none left; everything else is decided by the reservation.
    for (const r of results) if (!r.data?.placeOrder) expect(r.errors?.[0]?.errorType).toBe('OutOfStock');
    for (const id of placed) await server.workflows.waitFor(id, { timeoutMs: 30_000 });

    const statuses = await Promise.all(
      placed.map(async (id) => (await server.gql<{ order: { status: string; failureReason: string | null } }>(
        `query($id: ID!) { order(id: $id) { status failureReason } }`, { id }, sam)).data!.order),
    );
    const sold = statuses.filter((o) => o.status === 'CONFIRMED' || o.status === 'FULFILLING');
    expect(sold).toHaveLength(10);
    expect(statuses.filter((o) => o.status === 'FAILED').every((o) => o.failureReason === 'OUT_OF_STOCK')).toBe(true);
    expect(sold.length + statuses.filter((o) => o.status === 'FAILED').length).toBe(placed.length);
    expect(await available('RACE-10')).toBe(0);
  }, 60_000);
});
