import type { EventStore } from '../../ports/event-store';
import type { Mailer } from '../../ports/mailer';
import type { Payments } from '../../ports/payments';
import type { ReadStore } from '../../ports/read-store';
import type { Workflows } from '../../ports/workflows';
import type { CommandHandler } from '../command-handler';

/** What checkout and order use cases need: ports only, the same on both runtimes. */
export interface CheckoutDeps {
  readonly commands: CommandHandler;
  /** Only to read one order's events when its read-model row is not written yet. */
  readonly events: Pick<EventStore, 'readStream'>;
  readonly read: ReadStore;
  readonly payments: Payments;
  readonly mailer: Mailer;
  readonly workflows: Workflows;
  /** Resolves once the read models reflect the log up to `position`. */
  readonly settled: (position: number) => Promise<void>;
  /** One shipment per order, its id derived from the order id (fulfilment owns the rule). */
  readonly shipmentIdForOrder: (orderId: string) => string;
}

export const CHECKOUT_ACTOR = 'system:checkout';
