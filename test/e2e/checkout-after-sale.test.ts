import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { entitledVideoIds } from '../../src/app/projections/library';
import { subFor } from '../../src/server/token-issuer';
import { startTestServer, type TestServer } from '../support/local-server';

const ADDRESS = { name: 'Alice', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
const WEBHOOK_SECRET = 'whsec_test_checkout';
const ORDER_FIELDS = 'id status failureReason payment { status paymentId refunded { amount } } shipment { shipmentId status trackingNumber }';

interface OrderView {
  id: string;
  status: string;
  payment: { status: string; paymentId: string; refunded: { amount: number } | null } | null;
  shipment: { shipmentId: string; status: string; trackingNumber: string | null } | null;
}

describe('after the sale: cancel, refund, entitlements, sales report, Stripe webhook', () => {
  let server: TestServer;
  let alice: string;
  let sam: string;
  let wendy: string;
  beforeAll(async () => {
    server = await startTestServer({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    [alice, sam, wendy] = await Promise.all([server.token('alice'), server.token('sam', ['STAFF']), server.token('wendy', ['WAREHOUSE'])]);
  });
  afterAll(() => server.stop());

  const ok = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const result = await server.gql<T>(query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const order = async (id: string) => (await ok<{ order: OrderView }>(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id }, sam)).order;
  const available = async (sku: string) => (await ok<{ product: { available: number } }>(`query($id: ID!) { product(id: $id) { available } }`, { id: sku }, sam)).product.available;
  const settle = async (id: string, status: string) => {
    await server.workflows.waitFor(id);
    return eventually(id, (o) => o.status === status, `status ${status}`);
  };
  const eventually = async (id: string, done: (o: OrderView) => boolean, what: string) => {
    let last: OrderView | undefined;
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      last = await order(id);
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`order ${id} never reached ${what}: ${JSON.stringify(last)}`);
  };
  const place = async (key: string, lines: { sku: string; quantity: number }[], token = alice) =>
    (await ok<{ placeOrder: { id: string } }>(
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
      { input: { idempotencyKey: key, lines, paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS } },
      token,
    )).placeOrder.id;
  const refunds = (paymentId: string) =>
    (server.db.prepare('SELECT COUNT(*) AS n FROM payments_refunds WHERE payment_id = ?').get(paymentId) as { n: number }).n;

  it('the owner cancels before shipment: stock back, money back, shipment cancelled; cancelling again changes nothing', async () => {
    const before = await available('TENUGUI-WAVE');
    const id = await place('after-cancel-01', [{ sku: 'TENUGUI-WAVE', quantity: 2 }]);
    await settle(id, 'FULFILLING');
    expect(await available('TENUGUI-WAVE')).toBe(before - 2);

    const cancelled = await ok<{ cancelOrder: OrderView }>(`mutation($id: ID!) { cancelOrder(id: $id) { ${ORDER_FIELDS} } }`, { id }, alice);
    expect(cancelled.cancelOrder).toMatchObject({ status: 'CANCELLED', payment: { status: 'REFUNDED' }, shipment: { status: 'CANCELLED' } });
    expect(await available('TENUGUI-WAVE')).toBe(before);
    const again = await ok<{ cancelOrder: OrderView }>(`mutation($id: ID!) { cancelOrder(id: $id) { ${ORDER_FIELDS} } }`, { id }, alice);
    expect(again.cancelOrder.status).toBe('CANCELLED');
    expect(refunds(cancelled.cancelOrder.payment!.paymentId)).toBe(1);

    const staffView = await ok<{ orders: { items: { id: string }[] } }>(`{ orders(status: CANCELLED) { items { id } } }`, {}, sam);
    expect(staffView.orders.items.map((o) => o.id)).toContain(id);
    expect((await server.gql(`{ orders { items { id } } }`, {}, alice)).errors?.[0]?.errorType).toBe('Forbidden');
  });

  it('after the parcel has shipped, cancel is refused with Conflict; staff may still refund', async () => {
    const id = await place('after-shipped-1', [{ sku: 'FUROSHIKI-SAKURA', quantity: 1 }]);
    const fulfilling = await settle(id, 'FULFILLING');
    await ok(`mutation($id: ID!) { shipShipment(id: $id, carrier: "Yamato", trackingNumber: "YT-1") { id } }`, { id: fulfilling.shipment!.shipmentId }, wendy);
    await settle(id, 'SHIPPED');
    const refused = await server.gql(`mutation($id: ID!) { cancelOrder(id: $id) { id } }`, { id }, alice);
    expect(refused.errors?.[0]).toMatchObject({ errorType: 'Conflict' });
    expect((await order(id)).status).toBe('SHIPPED');

    expect((await server.gql(`mutation($id: ID!) { refundOrder(id: $id) { id } }`, { id }, alice)).errors?.[0]?.errorType).toBe('Forbidden');
    const refunded = await ok<{ refundOrder: OrderView }>(`mutation($id: ID!) { refundOrder(id: $id) { ${ORDER_FIELDS} } }`, { id }, sam);
    expect(refunded.refundOrder).toMatchObject({ status: 'REFUNDED', payment: { status: 'REFUNDED', refunded: { amount: 2800 } } });
    await ok(`mutation($id: ID!) { refundOrder(id: $id) { id } }`, { id }, sam);
    expect(refunds(refunded.refundOrder.payment!.paymentId)).toBe(1);
  });

  it('a digital order grants its videos (DELIVERED), a refund revokes them, and the sales report nets it out', async () => {
    await ok(`mutation { createProduct(input: { sku: "COURSE-TEST", title: "講座", price: { amount: 3000, currency: "JPY" }, kind: DIGITAL, grantsVideoIds: ["vid-a", "vid-b"] }) { id } }`, {}, sam);
    await ok(`mutation { adjustStock(sku: "COURSE-TEST", delta: 100, reason: "seats") { id } }`, {}, sam);
    await ok(`mutation { publishProduct(id: "COURSE-TEST") { id } }`, {}, sam);
    const today = new Date().toISOString().slice(0, 10);
    const report = async () => (await ok<{ salesReport: { totalOrders: number; totalUnits: number; totalRevenue: { amount: number } } }>(
      `query($d: AWSDate!) { salesReport(from: $d, to: $d) { totalOrders totalUnits totalRevenue { amount } } }`, { d: today }, sam)).salesReport;
    const salesBefore = await report();

    const id = await place('after-digital-1', [{ sku: 'COURSE-TEST', quantity: 1 }]);
    await settle(id, 'DELIVERED');
    const read = new SqliteReadStore(server.readDb);
    expect((await entitledVideoIds(read, subFor('alice'))).sort()).toEqual(['vid-a', 'vid-b']);
    expect(await report()).toEqual({
      totalOrders: salesBefore.totalOrders + 1,
      totalUnits: salesBefore.totalUnits + 1,
      totalRevenue: { amount: salesBefore.totalRevenue.amount + 3000 },
    });

    await ok(`mutation($id: ID!) { refundOrder(id: $id) { id } }`, { id }, sam);
    expect(await entitledVideoIds(read, subFor('alice'))).toEqual([]);
    expect(await report()).toEqual(salesBefore);
    expect((await server.gql(`query { salesReport(from: "2026-02-30", to: "2026-03-01") { totalOrders } }`, {}, sam)).errors?.[0]?.errorType).toBe('ValidationError');
  });

  it('POST /webhooks/stripe: a signed outside refund is recorded once; a forged one is refused', async () => {
    const id = await place('after-webhook-1', [{ sku: 'TEA-SENCHA-100', quantity: 1 }]);
    const { payment } = await settle(id, 'FULFILLING');
    const event = {
      id: 'evt_1', object: 'event', type: 'charge.refunded',
      data: { object: { id: 'ch_1', object: 'charge', amount_refunded: 500, currency: 'jpy', metadata: { orderId: id }, refunds: { data: [{ id: 're_dashboard_1' }] } } },
    };
    const payload = JSON.stringify(event);
    const post = (signature: string) =>
      fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body: payload });
    const forged = await post(Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' }));
    expect(forged.status).toBe(401);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect(await (await post(signature)).json()).toEqual({ received: true, recorded: true });
    expect(await (await post(signature)).json()).toEqual({ received: true, recorded: false });
    const after = await eventually(id, (o) => o.payment?.refunded?.amount === 500, 'the webhook refund');
    expect(after.payment).toMatchObject({ paymentId: payment!.paymentId, status: 'PARTIALLY_REFUNDED', refunded: { amount: 500 } });
  });
});
