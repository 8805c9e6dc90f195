import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const ADDRESS = { name: 'Alice', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };

const dir = mkdtempSync(join(tmpdir(), 'marquee-crash-'));
let running: ServerProcess | undefined;
let db: SqliteDb | undefined;

afterAll(async () => {
  await running?.stop();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function token(url: string, username: string, groups: string[] = []): Promise<string> {
  const res = await fetch(`${url}/local/auth/token`, { method: 'POST', body: JSON.stringify({ username, groups }) });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function poll<T>(what: string, read: () => T | Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('kill -9 after the card is charged but before checkout records it; the restarted server completes the order with one charge', async () => {
  // Every gateway answer arrives 5 s late: the charge is made at once, the order learns of it later.
  const first = await startServerProcess(dir, { MARQUEE_TEST_PAYMENT_DELAY_MS: '5000' });
  running = first;
  const alice = await token(first.url, 'alice');
  const { placeOrder } = await gql<{ placeOrder: { id: string; status: string } }>(
    first.url,
    `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`,
    { input: { idempotencyKey: 'crash-order-0001', lines: [{ sku: 'KNIFE-SANTOKU', quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS } },
    alice,
  );
  expect(placeOrder.status).toBe('PLACED');

  db = openDatabase(join(dir, 'marquee.db'));
  const attempts = () =>
    db!.prepare(`SELECT status FROM payments_intents WHERE order_id = ?`).all(placeOrder.id) as { status: string }[];
  const orderEvents = () =>
    (db!.prepare(`SELECT type FROM es_events WHERE stream_id = ? ORDER BY version`).all(`order-${placeOrder.id}`) as { type: string }[]).map((e) => e.type);
  await poll('the authorization at the gateway', attempts, (rows) => rows.length > 0);
  await first.kill9();
  expect(orderEvents()).toEqual(['OrderPlaced', 'StockReserved']);
  expect(attempts()).toEqual([{ status: 'authorized' }]);

  const second = await startServerProcess(dir);
  running = second;
  const sam = await token(second.url, 'sam', ['STAFF']);
  const order = await poll(
    'the resumed checkout',
    async () => (await gql<{ order: { status: string; payment: { status: string } } }>(second.url,
      `query($id: ID!) { order(id: $id) { status payment { status } } }`, { id: placeOrder.id }, sam)).order,
    (o) => o.status === 'FULFILLING',
  );
  expect(order.payment.status).toBe('CAPTURED');
  expect(attempts()).toEqual([{ status: 'captured' }]);
  const { executions } = await poll(
    'the execution to finish',
    () => gql<{ executions: { status: string; events: { type: string }[] }[] }>(second.url,
      `query($id: ID!) { executions(orderId: $id) { status events { type } } }`, { id: placeOrder.id }, sam),
    (r) => r.executions[0]?.status === 'SUCCEEDED',
  );
  expect(executions[0]!.events.map((e) => e.type)).toContain('ExecutionResumed');
  expect(orderEvents().filter((t) => t === 'PaymentAuthorized' || t === 'OrderConfirmed' || t === 'ShipmentRequested'))
    .toEqual(['PaymentAuthorized', 'OrderConfirmed', 'ShipmentRequested']);
}, 120_000);
