import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { toAppSync, type AppSyncResponse } from '../../src/server/graphql-executor';
import { loadSchema } from '../../src/server/schema';
import { SubscriptionHub } from '../../src/server/subscription-hub';
import { ON_ORDER_UPDATED } from '../../src/web/api/orders';

const STAFF = { kind: 'user' as const, sub: 'staff-1', username: 'staff', groups: ['STAFF'] };
const at = '2026-12-01T10:00:00.000Z';
const money = { amount: 1200, currency: 'JPY' };
const order = {
  id: 'o-1', customerId: 'c-1', status: 'CONFIRMED', failureReason: null,
  lines: [{ sku: 'B-1', title: 'Bench', kind: 'PHYSICAL', quantity: 1, unitPrice: money, lineTotal: money }],
  total: money, shippingAddress: { name: 'A', line1: '1-1', city: 'Tokyo', postalCode: '100', country: 'JP' },
  payment: { paymentId: 'pi_1', status: 'captured', amount: money, refunded: { amount: 0, currency: 'JPY' } },
  shipment: null, timeline: [{ at, type: 'OrderPlaced', detail: null }, { at, type: 'OrderConfirmed', detail: 'paid' }],
  createdAt: at, updatedAt: at,
};

/** What graphql-js's own execute makes of the same push. */
function reference(document: string, payload: Record<string, unknown>, variables: Record<string, unknown>): AppSyncResponse {
  const loaded = loadSchema();
  return toAppSync(execute({ schema: loaded.schema, document: parse(document), rootValue: { onOrderUpdated: payload }, variableValues: variables }) as never);
}

describe('subscription hub', () => {
  const loaded = loadSchema();

  function subscribe(document: string, variables: Record<string, unknown>, args: Record<string, unknown>) {
    const hub = new SubscriptionHub(loaded, {});
    const got: AppSyncResponse[] = [];
    hub.add({ field: 'onOrderUpdated', args, identity: STAFF, document: parse(document), variables, deliver: (r) => got.push(r) });
    return { hub, got };
  }

  it("shapes each push by the subscription's selection exactly as graphql-js does", async () => {
    const { hub, got } = subscribe(ON_ORDER_UPDATED, { customerId: 'c-1' }, { customerId: 'c-1' });
    await hub.publish('publishOrderUpdated', order);
    await hub.publish('publishOrderUpdated', { ...order, status: 'FULFILLING', shipment: { shipmentId: 's-1', status: 'INSTRUCTED', carrier: null, trackingNumber: null } });
    expect(got).toHaveLength(2);
    expect(got[0]).toEqual(reference(ON_ORDER_UPDATED, order, { customerId: 'c-1' }));
    expect((got[1]!.data as { onOrderUpdated: { status: string; shipment: { shipmentId: string } } }).onOrderUpdated).toMatchObject({ status: 'FULFILLING', shipment: { shipmentId: 's-1' } });
  });

  it('reports a value the schema cannot return as graphql-js does, with its path', async () => {
    const broken = { ...order, status: 'NOT_A_STATUS', total: null };
    const { hub, got } = subscribe(ON_ORDER_UPDATED, { customerId: 'c-1' }, { customerId: 'c-1' });
    await hub.publish('publishOrderUpdated', broken);
    const expected = reference(ON_ORDER_UPDATED, broken, { customerId: 'c-1' });
    expect(expected.errors?.length).toBeGreaterThan(0);
    expect(got[0]!.data).toEqual(expected.data);
    expect(got[0]!.errors?.map((e) => [e.message, e.path, e.errorType])).toEqual(expected.errors?.map((e) => [e.message, e.path, e.errorType]));
  });

  it("sends nothing to a subscription whose arguments the push does not match", async () => {
    const { hub, got } = subscribe(ON_ORDER_UPDATED, { customerId: 'c-2' }, { customerId: 'c-2' });
    await hub.publish('publishOrderUpdated', order);
    expect(got).toEqual([]);
  });

  it('reaches exactly the subscriptions whose arguments match, and none once they end', async () => {
    const hub = new SubscriptionHub(loaded, {});
    const got: string[] = [];
    const small = parse('subscription { onOrderUpdated { id } }');
    const add = (name: string, args: Record<string, unknown>) =>
      hub.add({ field: 'onOrderUpdated', args, identity: STAFF, document: small, deliver: () => got.push(name) });
    add('all', {});
    add('all-null', { customerId: null });
    const mine = add('c-1', { customerId: 'c-1' });
    add('c-2', { customerId: 'c-2' });
    add('c-1 and o-1', { customerId: 'c-1', id: 'o-1' });
    add('c-1 and o-2', { customerId: 'c-1', id: 'o-2' });
    for (let i = 0; i < 100; i++) add(`other-${i}`, { customerId: `x-${i}` });
    await hub.publish('publishOrderUpdated', order);
    expect(got.sort()).toEqual(['all', 'all-null', 'c-1', 'c-1 and o-1']);
    got.length = 0;
    mine();
    await hub.publish('publishOrderUpdated', order);
    expect(got.sort()).toEqual(['all', 'all-null', 'c-1 and o-1']);
  });
});
