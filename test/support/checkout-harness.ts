import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMailer } from '../../src/adapters/local/mail-local';
import { OfflinePayments } from '../../src/adapters/local/offline-payments';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { Checkout } from '../../src/app/checkout/checkout';
import type { CheckoutDeps } from '../../src/app/checkout/checkout-deps';
import { checkoutTasks } from '../../src/app/checkout/checkout-tasks';
import { CommandHandler } from '../../src/app/command-handler';
import { shipmentIdForOrder } from '../../src/app/fulfilment/shipment-id';
import { Projector } from '../../src/app/projector';
import { allProjections } from '../../src/app/projections';
import { inventoryDecider, inventoryStream } from '../../src/domain/inventory';
import { productDecider, productStream, type ProductDetails } from '../../src/domain/product';
import { systemClock } from '../../src/ports/clock';
import type { TaskHandlers, Workflows } from '../../src/ports/workflows';
import { recordingWorkflows } from './recording-workflows';

/** Checkout's use cases and tasks in process, on one SQLite file, with the offline gateway and .eml mailer. */
export interface CheckoutHarness {
  readonly db: SqliteDb;
  readonly events: SqliteEventStore;
  readonly payments: OfflinePayments;
  readonly mailer: LocalMailer;
  readonly checkout: Checkout;
  readonly deps: CheckoutDeps;
  readonly started: string[];
  /** Task handlers over a fresh CommandHandler (no cached state), as a second process or Lambda would run them. */
  freshTasks(): TaskHandlers;
  tasks: TaskHandlers;
  product(sku: string, details: Partial<ProductDetails>, stock: number): Promise<void>;
  /** Everything a task could change, for before/after comparisons. */
  snapshot(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function checkoutHarness(workflows?: Workflows): Promise<CheckoutHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'checkout-'));
  const db = openDatabase(join(dir, 'marquee.db'));
  const events = new SqliteEventStore(db);
  const read = new SqliteReadStore(db);
  const projector = new Projector(events, read, { publish: async () => {} }, allProjections);
  await projector.start();
  const commands = new CommandHandler(events, systemClock);
  const payments = new OfflinePayments(db);
  const mailer = new LocalMailer(db);
  const started: string[] = [];
  const recording: Workflows = workflows ?? recordingWorkflows(started);
  const deps: CheckoutDeps = {
    commands, events, read, payments, mailer, settled: (p) => projector.settled(p), shipmentIdForOrder, workflows: recording,
  };
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    db, events, payments, mailer, deps, started,
    checkout: new Checkout(deps),
    tasks: checkoutTasks(deps),
    freshTasks: () => checkoutTasks({ ...deps, commands: new CommandHandler(events, systemClock) }),
    async product(sku, details, stock) {
      await commands.handle(productDecider, productStream(sku), {
        type: 'CreateProduct', sku,
        details: { title: sku, description: '', price: { amount: 1000, currency: 'JPY' }, category: '', kind: 'PHYSICAL', images: [], grantsVideoIds: [], ...details },
      });
      await commands.handle(productDecider, productStream(sku), { type: 'PublishProduct' });
      const { position } = await commands.handle(inventoryDecider, inventoryStream(sku), { type: 'AdjustStock', delta: stock, reason: 'received' });
      await projector.settled(position);
    },
    snapshot: () => ({
      events: count('SELECT COUNT(*) AS n FROM es_events'),
      lastEvent: db.prepare('SELECT stream_id, type FROM es_events ORDER BY position DESC LIMIT 1').get(),
      payments: db.prepare('SELECT payment_id, status, amount_captured, amount_refunded FROM payments_intents ORDER BY rowid').all(),
      refunds: count('SELECT COUNT(*) AS n FROM payments_refunds'),
      mails: count('SELECT COUNT(*) AS n FROM mail_sent'),
    }),
    async close() {
      await projector.stop();
      await events.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ADDRESS = { name: 'Alice', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
