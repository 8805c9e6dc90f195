import { notFound } from '../../domain/errors';
import {
  shipmentDecider,
  shipmentStream,
  type ShipmentCommand,
  type ShipmentLine,
  type ShipmentState,
  type ShipmentStatus,
  type ShippingAddress,
} from '../../domain/shipment';
import type { OutboundWebhooks } from '../../ports/outbound-webhooks';
import type { ReadStore } from '../../ports/read-store';
import type { CommandHandler, CommandOptions } from '../command-handler';
import { Tables, type ShipmentView } from '../read-models';
import { toDeadLetterView, type DeadLetterView } from './dead-letters';
import type { WarehouseCommand } from './warehouse-messages';

export interface FulfilmentDeps {
  readonly commands: CommandHandler;
  readonly read: ReadStore;
  /** Resolves once the read models reflect the log up to `position`. */
  readonly settled: (position: number) => Promise<void>;
  /** The warehouse webhook outbox, when an external warehouse system is configured. */
  readonly outbox?: OutboundWebhooks;
  /** Which shipment belongs to an order (checkout derives the shipment id from the order id). */
  readonly shipmentIdForOrder: (orderId: string) => string;
}

export interface CreateShipmentInput {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly address: ShippingAddress;
  readonly lines: readonly ShipmentLine[];
}

const WAREHOUSE_ACTOR = 'system:warehouse-webhook';

/** The warehouse side: shipping instructions, their progress, and the outbound webhook's dead letters. */
export class Fulfilment {
  constructor(private readonly deps: FulfilmentDeps) {}

  async shipments(status?: ShipmentStatus): Promise<ShipmentView[]> {
    const out: ShipmentView[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.deps.read.list<ShipmentView>(Tables.shipments, {
        limit: 1000,
        ...(status ? { partition: status } : {}),
        ...(nextToken ? { nextToken } : {}),
      });
      for (const row of page.items) out.push(row.doc);
      nextToken = page.nextToken;
    } while (nextToken);
    // Oldest first: the warehouse works the queue in the order instructions arrived.
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async shipment(id: string): Promise<ShipmentView | undefined> {
    return (await this.deps.read.get<ShipmentView>(Tables.shipments, id))?.doc;
  }

  /** CreateShipment (checkout's task calls this for the physical lines of a confirmed order). */
  createShipment(input: CreateShipmentInput, options: CommandOptions = {}): Promise<ShipmentView> {
    return this.run(input.shipmentId, { type: 'CreateShipment', ...input }, options);
  }

  acknowledge(id: string, actor: string): Promise<ShipmentView> {
    return this.run(id, { type: 'AcknowledgeShipment' }, { actor });
  }

  ship(id: string, carrier: string, trackingNumber: string, actor: string): Promise<ShipmentView> {
    return this.run(id, { type: 'ShipShipment', carrier, trackingNumber }, { actor });
  }

  markDelivered(id: string, actor: string): Promise<ShipmentView> {
    return this.run(id, { type: 'MarkDelivered' }, { actor });
  }

  /**
   * Cancels the order's shipment before it ships (the warehouse is told through the outbox).
   * Returns undefined when the order has no shipment; throws Conflict once it has shipped.
   * cancelOrder calls this before it cancels the order, so a refusal leaves the order untouched.
   */
  async cancelShipmentForOrder(orderId: string, reason: string, actor: string): Promise<ShipmentState | undefined> {
    const id = this.deps.shipmentIdForOrder(orderId);
    const stream = shipmentStream(id);
    const current = await this.deps.commands.load(shipmentDecider, stream);
    if (current.state.status === undefined) return undefined;
    const outcome = await this.deps.commands.handle(shipmentDecider, stream, { type: 'CancelShipment', reason }, { actor });
    await this.deps.settled(outcome.position);
    return outcome.state;
  }

  /** A verified report from the external warehouse system; returns the shipment's status after it. */
  async applyWarehouseCommand(command: WarehouseCommand): Promise<ShipmentStatus | undefined> {
    const outcome = await this.deps.commands.handle(shipmentDecider, shipmentStream(command.shipmentId), command.command, {
      actor: WAREHOUSE_ACTOR,
      idempotencyKey: command.idempotencyKey,
    });
    return outcome.state.status;
  }

  async deadLetters(): Promise<DeadLetterView[]> {
    if (!this.deps.outbox) return [];
    return (await this.deps.outbox.deadLetters()).map(toDeadLetterView);
  }

  async redriveDeadLetter(id: string): Promise<boolean> {
    if (!this.deps.outbox) throw notFound(`no dead letter ${id}: the warehouse webhook is not configured`);
    await this.deps.outbox.redrive(id);
    return true;
  }

  private async run(id: string, command: ShipmentCommand, options: CommandOptions): Promise<ShipmentView> {
    const outcome = await this.deps.commands.handle(shipmentDecider, shipmentStream(id), command, options);
    await this.deps.settled(outcome.position);
    const view = await this.shipment(id);
    if (!view) throw notFound(`no shipment ${id}`);
    return view;
  }
}
