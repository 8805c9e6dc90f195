import type { Money } from '../../domain/money';
import type { OrderEvent } from '../../domain/order';
import type { ShipmentEvent } from '../../domain/shipment';
import type { OrderPaymentView, OrderView, TimelineEntry } from '../read-models';

const yen = (m: Money) => `${m.amount.toLocaleString('en-US')} ${m.currency}`;

function detailOf(event: OrderEvent): string | null {
  switch (event.type) {
    case 'OrderPlaced': {
      const units = event.data.lines.reduce((n, l) => n + l.quantity, 0);
      return `${units} item${units === 1 ? '' : 's'}, ${yen(event.data.total)}`;
    }
    case 'ReservationFailed':
      return `${event.data.sku}: ${event.data.requested} requested, ${Math.max(0, event.data.available)} left`;
    case 'PaymentAuthorized':
      return yen(event.data.amount);
    case 'PaymentDeclined':
      return `${event.data.message} (${event.data.code})`;
    case 'ConfirmationSent':
      return event.data.messageId;
    case 'EntitlementsGranted':
      return `${event.data.videoIds.length} video${event.data.videoIds.length === 1 ? '' : 's'} unlocked`;
    case 'ShipmentRequested':
      return event.data.shipmentId;
    case 'OrderShipped':
      return `${event.data.carrier} ${event.data.trackingNumber}`;
    case 'OrderFailed':
      return `${event.data.reason}: ${event.data.detail}`;
    case 'OrderCancelled':
    case 'OrderRefunded':
      return event.data.reason;
    case 'PaymentRefunded':
      return yen(event.data.amount);
    default:
      return null;
  }
}

const payment = (view: OrderView, change: Partial<OrderPaymentView>): OrderPaymentView => ({
  paymentId: null,
  status: 'PENDING',
  amount: view.total,
  refunded: null,
  ...view.payment,
  ...change,
});

function applyPayment(view: OrderView, event: OrderEvent): OrderPaymentView | null {
  switch (event.type) {
    case 'PaymentAuthorized':
      return payment(view, { paymentId: event.data.paymentId, status: 'AUTHORIZED' });
    case 'PaymentDeclined':
      return payment(view, { status: 'DECLINED' });
    case 'PaymentVoided':
      return payment(view, { status: 'VOIDED' });
    case 'OrderConfirmed':
      return payment(view, { status: 'CAPTURED' });
    case 'PaymentRefunded': {
      const refunded = (view.payment?.refunded?.amount ?? 0) + event.data.amount.amount;
      return payment(view, {
        status: refunded >= view.total.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
        refunded: { amount: refunded, currency: event.data.amount.currency },
      });
    }
    default:
      return view.payment;
  }
}

/** Folds one order event into the order's view (the first must be OrderPlaced). */
export function applyOrderEvent(view: OrderView | undefined, event: OrderEvent, at: string): OrderView | undefined {
  if (event.type === 'OrderPlaced') {
    const { orderId, customerId, lines, total, shippingAddress } = event.data;
    return {
      id: orderId,
      customerId,
      status: 'PLACED',
      failureReason: null,
      lines: lines.map(({ sku, title, kind, quantity, unitPrice, lineTotal }) => ({ sku, title, kind, quantity, unitPrice, lineTotal })),
      total,
      shippingAddress: shippingAddress ?? null,
      payment: null,
      shipment: null,
      timeline: [{ at, type: event.type, detail: detailOf(event) }],
      createdAt: at,
      updatedAt: at,
    };
  }
  if (!view) return undefined;
  const timeline: TimelineEntry[] = [...view.timeline, { at, type: event.type, detail: detailOf(event) }];
  const next: OrderView = { ...view, timeline, updatedAt: at, payment: applyPayment(view, event) };
  switch (event.type) {
    case 'OrderConfirmed':
      return { ...next, status: 'CONFIRMED' };
    case 'EntitlementsGranted':
      return view.status === 'CONFIRMED' && view.lines.every((l) => l.kind === 'DIGITAL') ? { ...next, status: 'DELIVERED' } : next;
    case 'ShipmentRequested':
      return {
        ...next,
        status: view.status === 'CONFIRMED' ? 'FULFILLING' : view.status,
        shipment: view.shipment ?? { shipmentId: event.data.shipmentId, status: 'INSTRUCTED', carrier: null, trackingNumber: null },
      };
    case 'OrderShipped':
      return {
        ...next,
        status: 'SHIPPED',
        shipment: { shipmentId: event.data.shipmentId, status: 'SHIPPED', carrier: event.data.carrier, trackingNumber: event.data.trackingNumber },
      };
    case 'OrderDelivered':
      return { ...next, status: 'DELIVERED', shipment: view.shipment && { ...view.shipment, status: 'DELIVERED' } };
    case 'OrderFailed':
      return { ...next, status: 'FAILED', failureReason: event.data.reason };
    case 'OrderCancelled':
      return { ...next, status: 'CANCELLED' };
    case 'OrderRefunded':
      return { ...next, status: 'REFUNDED' };
    default:
      return next;
  }
}

/** The warehouse's own progress (acknowledged, cancelled) shows on the order's shipment. */
export function applyShipmentEvent(view: OrderView, event: ShipmentEvent, at: string): OrderView {
  const current = view.shipment ?? { shipmentId: event.data.shipmentId, status: 'INSTRUCTED' as const, carrier: null, trackingNumber: null };
  switch (event.type) {
    case 'ShipmentInstructed':
      return { ...view, shipment: current, updatedAt: at };
    case 'ShipmentAcknowledged':
      return current.status === 'INSTRUCTED' ? { ...view, shipment: { ...current, status: 'ACKNOWLEDGED' }, updatedAt: at } : view;
    case 'ShipmentShipped':
      return {
        ...view,
        shipment: { ...current, status: current.status === 'DELIVERED' ? 'DELIVERED' : 'SHIPPED', carrier: event.data.carrier, trackingNumber: event.data.trackingNumber },
        updatedAt: at,
      };
    case 'ShipmentDelivered':
      return { ...view, shipment: { ...current, status: 'DELIVERED' }, updatedAt: at };
    case 'ShipmentCancelled':
      return { ...view, shipment: { ...current, status: 'CANCELLED' }, updatedAt: at };
    default:
      return view;
  }
}
