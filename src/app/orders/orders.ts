import { notFound } from '../../domain/errors';
import { orderDecider, orderStream, type OrderState } from '../../domain/order';
import { canTransition as shipmentCanTransition, shipmentDecider, shipmentStream } from '../../domain/shipment';
import type { CheckoutDeps } from '../checkout/checkout-deps';
import { loadOrder, NO_PAYMENT, recordOnOrder, refundOnce, releaseStock, returnPayment, revokeEntitlements } from '../checkout/order-effects';
import { Tables, type OrderView } from '../read-models';
import { executionsOf, type ExecutionView } from './executions';
import { allOrders, paginate, type OrderPage } from './order-queries';
import { salesReport, type SalesReport } from './sales-report';

/** Who is asking: a shopper sees and changes only their own orders; staff see all. */
export interface Viewer {
  readonly customerId: string;
  readonly staff: boolean;
  readonly actor: string;
}

export type OrderStatusFilter = OrderView['status'];

/** Orders after placement: reading them, cancelling, refunding, and the staff reports. */
export class Orders {
  constructor(private readonly deps: CheckoutDeps) {}

  async order(id: string, viewer: Viewer): Promise<OrderView | undefined> {
    const row = await this.deps.read.get<OrderView>(Tables.orders, id);
    if (!row || (!viewer.staff && row.doc.customerId !== viewer.customerId)) return undefined;
    return row.doc;
  }

  async myOrders(customerId: string, limit?: number | null, nextToken?: string | null): Promise<OrderPage> {
    return paginate(await allOrders(this.deps.read, customerId), limit, nextToken);
  }

  async orders(status: OrderStatusFilter | null | undefined, limit?: number | null, nextToken?: string | null): Promise<OrderPage> {
    const all = await allOrders(this.deps.read);
    return paginate(status ? all.filter((o) => o.status === status) : all, limit, nextToken);
  }

  executions(orderId: string): Promise<ExecutionView[]> {
    return executionsOf(this.deps.workflows, orderId);
  }

  salesReport(from: string, to: string): Promise<SalesReport> {
    return salesReport(this.deps.read, from, to);
  }

  /**
   * Before shipment, by its owner or staff: the shipment is stopped first (that decision on the
   * shipment stream is what refuses a parcel already handed over), then the order is cancelled,
   * and what checkout took is given back. Cancelling a cancelled order re-runs the give-back,
   * which changes nothing if it had completed.
   */
  async cancelOrder(id: string, viewer: Viewer, reason = 'cancelled by the customer'): Promise<OrderView> {
    const order = await this.owned(id, viewer);
    if (order.status !== 'CANCELLED') {
      orderDecider.decide({ type: 'CancelOrder', reason }, order);
      await this.stopShipment(id, 'the order was cancelled', true);
      // Before the order says CANCELLED: an open watch page re-asks for playback on that push.
      await revokeEntitlements(this.deps.commands, order, 'order cancelled', viewer.actor);
    }
    const outcome = await recordOnOrder(this.deps.commands, id, { type: 'CancelOrder', reason }, viewer.actor);
    const cancelled = outcome.state;
    const released = await releaseStock(this.deps.commands, cancelled, 'order cancelled', viewer.actor);
    await returnPayment(this.deps.commands, this.deps.payments, cancelled, viewer.actor);
    const revoked = await revokeEntitlements(this.deps.commands, cancelled, 'order cancelled', viewer.actor);
    return this.view(id, Math.max(released, revoked));
  }

  /** A paid order (staff only): the money back, the videos revoked; an unshipped parcel is stopped and restocked. */
  async refundOrder(id: string, viewer: Viewer, reason = 'refunded by staff'): Promise<OrderView> {
    const order = await this.owned(id, viewer);
    if (order.status !== 'REFUNDED') orderDecider.decide({ type: 'RefundOrder', reason }, order);
    const stopped = order.status !== 'REFUNDED' && (await this.stopShipment(id, 'the order was refunded', false));
    // Before the order says REFUNDED: an open watch page re-asks for playback on that push, and must be
    // refused. Revoked again below, for a grant that a running checkout made in between.
    if (order.status !== 'REFUNDED') await revokeEntitlements(this.deps.commands, order, 'order refunded', viewer.actor);
    const outcome = await recordOnOrder(this.deps.commands, id, { type: 'RefundOrder', reason }, viewer.actor);
    const refunded = outcome.state;
    const released = stopped ? await releaseStock(this.deps.commands, refunded, 'order refunded before shipping', viewer.actor) : 0;
    if (refunded.paymentId && refunded.paymentId !== NO_PAYMENT) {
      const refund = await refundOnce(this.deps.payments, id, refunded.paymentId);
      if (refund)
        await recordOnOrder(this.deps.commands, id, { type: 'RecordRefund', refundId: refund.refundId, amount: refund.amount }, viewer.actor);
    }
    const revoked = await revokeEntitlements(this.deps.commands, refunded, 'order refunded', viewer.actor);
    return this.view(id, Math.max(released, revoked));
  }

  /**
   * Cancels the order's shipment if it has not shipped. Returns whether nothing will ship (no
   * shipment, or it is cancelled now). With `strict`, a shipped parcel refuses (Conflict).
   */
  private async stopShipment(orderId: string, reason: string, strict: boolean): Promise<boolean> {
    const stream = shipmentStream(this.deps.shipmentIdForOrder(orderId));
    const shipment = await this.deps.commands.load(shipmentDecider, stream);
    const status = shipment.state.status;
    if (status === undefined || status === 'CANCELLED') return true;
    if (!strict && !shipmentCanTransition(status, 'CANCELLED')) return false;
    await this.deps.commands.handle(shipmentDecider, stream, { type: 'CancelShipment', reason }, { actor: 'system:orders' });
    return true;
  }

  private async owned(id: string, viewer: Viewer): Promise<OrderState> {
    const order = await loadOrder(this.deps.commands, id);
    if (!order.exists || (!viewer.staff && order.customerId !== viewer.customerId)) throw notFound(`no order ${id}`);
    return order;
  }

  /** The order as the read models show it once they reflect its stream and `alsoAfter` (what else the caller appended). */
  private async view(id: string, alsoAfter = 0): Promise<OrderView> {
    const { version } = await this.deps.commands.load(orderDecider, orderStream(id));
    const events = await this.deps.events.readStream(orderStream(id), version - 1);
    await this.deps.settled(Math.max(events.at(-1)?.position ?? 0, alsoAfter));
    const row = await this.deps.read.get<OrderView>(Tables.orders, id);
    if (!row) throw notFound(`no order ${id}`);
    return row.doc;
  }
}
