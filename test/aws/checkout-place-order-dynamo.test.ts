import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../src/adapters/aws/dynamo-event-store';
import { DynamoReadStore } from '../../src/adapters/aws/dynamo-read-store';
import { Checkout } from '../../src/app/checkout/checkout';
import type { CheckoutDeps } from '../../src/app/checkout/checkout-deps';
import { orderKeyOf } from '../../src/app/checkout/order-id';
import { CommandHandler } from '../../src/app/command-handler';
import { shipmentIdForOrder } from '../../src/app/fulfilment/shipment-id';
import { Projector } from '../../src/app/projector';
import { productsProjection } from '../../src/app/projections/products';
import { inventoryDecider, inventoryStream } from '../../src/domain/inventory';
import { orderStream } from '../../src/domain/order';
import { productDecider, productStream } from '../../src/domain/product';
import { systemClock } from '../../src/ports/clock';
import type { Mailer } from '../../src/ports/mailer';
import type { Payments } from '../../src/ports/payments';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { recordingWorkflows } from '../support/recording-workflows';

/** placeOrder does not pay or mail: a port it must not touch fails the test if it does. */
const untouched = <T extends object>(name: string) =>
  new Proxy({} as T, {
    get: (_target, property) => {
      throw new Error(`placeOrder used ${name}.${String(property)}`);
    },
  });

const ADDRESS = { name: 'Alice', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
const alice = { customerId: 'alice-sub', name: 'alice', actor: 'user:alice-sub' };

describe('placeOrder on the AWS adapters (DynamoDB on dynalite): the idempotency key, claimed by separate Lambdas', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.close();
  });

  async function shop() {
    const tables = await dynamo.createTables();
    const events = new DynamoEventStore({ client: dynamo.client, tableName: tables.events, pollMs: 50 });
    const read = new DynamoReadStore({ client: dynamo.client, tableName: tables.readModels });
    const projector = new Projector(events, read, { publish: async () => {} }, [productsProjection]);
    await projector.start();
    const setup = new CommandHandler(events, systemClock);
    await setup.handle(productDecider, productStream('TEA'), {
      type: 'CreateProduct', sku: 'TEA',
      details: { title: '煎茶', description: '', price: { amount: 1200, currency: 'JPY' }, category: 'tea', kind: 'PHYSICAL', images: [], grantsVideoIds: [] },
    });
    await setup.handle(productDecider, productStream('TEA'), { type: 'PublishProduct' });
    const { position } = await setup.handle(inventoryDecider, inventoryStream('TEA'), { type: 'AdjustStock', delta: 10, reason: 'received' });
    await projector.settled(position);
    const workflows = recordingWorkflows();
    const { started } = workflows;
    /** One Lambda: its own CommandHandler, so nothing is shared with the others but the tables. */
    const lambda = () => {
      const deps: CheckoutDeps = {
        commands: new CommandHandler(events, systemClock), events, read, workflows, shipmentIdForOrder,
        payments: untouched<Payments>('payments'), mailer: untouched<Mailer>('mailer'),
        settled: (p) => projector.settled(p),
      };
      return new Checkout(deps);
    };
    const place = (checkout: Checkout, key: string) =>
      checkout.placeOrder({ idempotencyKey: key, lines: [{ sku: 'TEA', quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: ADDRESS }, alice);
    return { events, started, lambda, place, close: () => Promise.all([projector.stop(), events.close()]) };
  }

  it('three Lambdas placing with one key at once place one order; the key and the order are each recorded once', async () => {
    const { events, started, lambda, place, close } = await shop();
    try {
      const orders = await Promise.all([place(lambda(), 'key-dynamo-1'), place(lambda(), 'key-dynamo-1'), place(lambda(), 'key-dynamo-1')]);
      const ids = new Set(orders.map((o) => o.id));
      expect(ids.size).toBe(1);
      const [id] = [...ids] as [string];
      expect((await events.readStream(orderStream(id))).map((e) => e.type)).toEqual(['OrderPlaced']);
      expect((await events.readStream(orderKeyOf(alice.customerId, 'key-dynamo-1').stream)).map((e) => [e.type, e.data])).toEqual([
        ['OrderKeyClaimed', { orderId: id }],
      ]);
      expect(new Set(started)).toEqual(new Set([id]));
      const again = await place(lambda(), 'key-dynamo-1');
      expect(again.id).toBe(id);
      expect(await events.readStream(orderStream(id))).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('a refused order records nothing, not even its key', async () => {
    const { events, lambda, close } = await shop();
    try {
      const checkout = lambda();
      await expect(
        checkout.placeOrder({ idempotencyKey: 'key-dynamo-2', lines: [{ sku: 'TEA', quantity: 1 }], paymentMethodId: 'pm_card_visa', shippingAddress: null }, alice),
      ).rejects.toMatchObject({ errorType: 'ValidationError' });
      expect(await events.readStream(orderKeyOf(alice.customerId, 'key-dynamo-2').stream)).toEqual([]);
    } finally {
      await close();
    }
  });
});
