import { validation } from '../../domain/errors';
import { orderDecider, orderStream, type OrderCommand, type OrderEvent } from '../../domain/order';
import { orderKeyDecider } from '../../domain/order-key';
import type { ShippingAddress } from '../../domain/shipment';
import type { StoredEvent } from '../../ports/event-store';
import { allOrders } from '../orders/order-queries';
import { applyOrderEvent } from '../orders/order-view';
import { Tables, type OrderView } from '../read-models';
import type { CheckoutDeps } from './checkout-deps';
import { CHECKOUT_MACHINE, newOrderId, orderKeyOf } from './order-id';
import { priceLines, type RequestedLine } from './price-lines';

export interface PlaceOrderInput {
  readonly idempotencyKey: string;
  readonly lines: readonly RequestedLine[];
  readonly paymentMethodId: string;
  readonly shippingAddress?: ShippingAddress | null;
}

export interface Customer {
  readonly customerId: string;
  readonly name: string;
  readonly actor: string;
}

const KEY_PATTERN = /^[\x21-\x7e]{8,128}$/;

const viewOf = (events: readonly StoredEvent[]) =>
  events.reduce<OrderView | undefined>((view, e) => applyOrderEvent(view, e as unknown as OrderEvent, e.meta.at), undefined);

/** placeOrder: validates and prices the cart, records the order, starts its checkout execution. */
export class Checkout {
  constructor(private readonly deps: CheckoutDeps) {}

  /**
   * Returns the order as placed (PLACED) without waiting for checkout; the shopper follows it
   * live. The same key from the same customer returns the same order and starts nothing new.
   */
  async placeOrder(input: PlaceOrderInput, customer: Customer): Promise<OrderView> {
    if (typeof input.idempotencyKey !== 'string' || !KEY_PATTERN.test(input.idempotencyKey))
      throw validation('idempotencyKey must be 8-128 visible characters (a UUID is a good choice)', { field: 'idempotencyKey' });
    const { commands } = this.deps;
    const key = orderKeyOf(customer.customerId, input.idempotencyKey);
    const known = await this.orderNamedBy(key);
    if (known.placed) return this.repeat(known.placed);
    const place: Extract<OrderCommand, { type: 'PlaceOrder' }> = {
      type: 'PlaceOrder',
      orderId: known.claimed ?? newOrderId(),
      customerId: customer.customerId,
      customerName: customer.name,
      lines: await priceLines(this.deps.read, input.lines),
      shippingAddress: input.shippingAddress ?? null,
      paymentMethodId: input.paymentMethodId,
    };
    // Decided once on nothing first, so that a refused order records nothing, not even its key.
    orderDecider.decide(place, orderDecider.initialState);
    // The first request to claim the key names the order; one that lost the race places that order.
    const orderId = (await commands.handle(orderKeyDecider, key.stream, { type: 'ClaimOrderKey', orderId: place.orderId })).state.orderId!;
    const outcome = await commands.handle(orderDecider, orderStream(orderId), { ...place, orderId }, { actor: customer.actor });
    // Another request with the same key placed the order first and started its checkout.
    if (outcome.events.length === 0) return this.repeat(orderId);
    await this.deps.workflows.start(CHECKOUT_MACHINE, orderId, { orderId });
    await this.deps.settled(outcome.position);
    return viewOf(outcome.events)!;
  }

  /** The order a key names already: placed, or only claimed by a request that stopped before placing it. */
  private async orderNamedBy(key: ReturnType<typeof orderKeyOf>): Promise<{ placed?: string; claimed?: string }> {
    const { commands, events } = this.deps;
    const claimed = (await commands.load(orderKeyDecider, key.stream)).state.orderId;
    if (claimed) return (await commands.load(orderDecider, orderStream(claimed))).state.exists ? { placed: claimed } : { claimed };
    // Placed before ids were time-ordered, the order of a repeated key is named by the key's digest.
    return (await events.readStream(orderStream(key.legacyOrderId))).length > 0 ? { placed: key.legacyOrderId } : {};
  }

  /**
   * At start-up: an order recorded as PLACED whose execution never started (the process stopped
   * between the two) gets it now. Starting an existing execution name starts nothing.
   */
  async startMissingExecutions(): Promise<string[]> {
    const started: string[] = [];
    for (const order of await allOrders(this.deps.read)) {
      if (order.status !== 'PLACED') continue;
      if ((await this.deps.workflows.start(CHECKOUT_MACHINE, order.id, { orderId: order.id })).started) started.push(order.id);
    }
    return started;
  }

  /** A repeated key: make sure checkout runs (a crash may have come between append and start), return the order now. */
  private async repeat(orderId: string): Promise<OrderView> {
    await this.deps.workflows.start(CHECKOUT_MACHINE, orderId, { orderId });
    const row = await this.deps.read.get<OrderView>(Tables.orders, orderId);
    if (row) return row.doc;
    return viewOf(await this.deps.events.readStream(orderStream(orderId)))!;
  }
}
