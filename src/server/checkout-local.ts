import { fileURLToPath } from 'node:url';
import type { CheckoutDeps } from '../app/checkout/checkout-deps';
import type { Checkout } from '../app/checkout/checkout';
import { checkoutServices } from '../app/checkout/checkout-services';
import { delayedPayments } from '../app/checkout/delayed-payments';
import { CHECKOUT_MACHINE } from '../app/checkout/order-id';
import type { CommandHandler } from '../app/command-handler';
import type { Orders } from '../app/orders/orders';
import { LocalMailer } from '../adapters/local/mail-local';
import { OfflinePayments } from '../adapters/local/offline-payments';
import type { SqliteDb } from '../adapters/local/sqlite';
import { createStripeClient } from '../adapters/stripe/stripe-client';
import { StripePayments } from '../adapters/stripe/stripe-payments';
import type { EventStore } from '../ports/event-store';
import type { Payments } from '../ports/payments';
import type { ReadStore } from '../ports/read-store';
import type { TaskHandlers, Workflows } from '../ports/workflows';
import type { ServerConfig } from './config';
import type { Route } from './http-util';
import { stripeWebhookRoute } from './routes/stripe-webhook';

export const CHECKOUT_ASL = fileURLToPath(new URL('../../state-machines/checkout.asl.json', import.meta.url));

export interface LocalCheckoutDeps {
  readonly config: Pick<ServerConfig, 'dataDir' | 'stripeSecretKey' | 'stripeWebhookSecret' | 'testPaymentDelayMs'>;
  readonly db: SqliteDb;
  readonly events: EventStore;
  readonly commands: CommandHandler;
  readonly read: ReadStore;
  readonly settled: (position: number) => Promise<void>;
  readonly shipmentIdForOrder: (orderId: string) => string;
  /** The engine is built after the task handlers it runs, so it is looked up when first needed. */
  readonly workflows: () => Workflows;
}

export interface LocalCheckout {
  readonly checkout: Checkout;
  readonly orders: Orders;
  readonly payments: Payments;
  readonly mailer: LocalMailer;
  readonly machines: Readonly<Record<string, string>>;
  readonly tasks: TaskHandlers;
  readonly routes: Route[];
}

/** Checkout on the embedded runtime: Stripe with STRIPE_SECRET_KEY, else the offline gateway; mail kept in the event file (`npm run mail` writes it out as .eml files). */
export function createLocalCheckout(deps: LocalCheckoutDeps): LocalCheckout {
  const { config } = deps;
  const gateway: Payments = config.stripeSecretKey
    ? new StripePayments(createStripeClient(config.stripeSecretKey))
    : new OfflinePayments(deps.db);
  const payments = config.testPaymentDelayMs ? delayedPayments(gateway, config.testPaymentDelayMs) : gateway;
  const mailer = new LocalMailer(deps.db);
  const checkoutDeps: CheckoutDeps = {
    commands: deps.commands,
    events: deps.events,
    read: deps.read,
    payments,
    mailer,
    settled: deps.settled,
    shipmentIdForOrder: deps.shipmentIdForOrder,
    get workflows() {
      return deps.workflows();
    },
  };
  return {
    ...checkoutServices(checkoutDeps),
    payments,
    mailer,
    machines: { [CHECKOUT_MACHINE]: CHECKOUT_ASL },
    routes: [stripeWebhookRoute({ commands: deps.commands, secret: config.stripeWebhookSecret })],
  };
}
